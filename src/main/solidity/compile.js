#!/usr/bin/env node
// Compiles the hub contract (src/main/solidity) and the test-only contracts (src/test/solidity)
// with the pinned solc-js from node_modules, offline, and writes <Name>.abi and <Name>.bin per
// contract. Deterministic: same sources and compiler give byte-identical files.
//
// Usage: node src/main/solidity/compile.js [--main-out DIR] [--test-out DIR]
// Defaults: src/main/resources/contracts and src/test/resources/contracts.
// deploy/contracts/compile.sh runs this and then regenerates the web3j wrappers.
'use strict';

const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..', '..', '..');
const solc = require(path.join(root, 'node_modules', 'solc'));

const PINNED = '0.8.37';
const SETTINGS = {
  optimizer: { enabled: true, runs: 10000 },
  evmVersion: 'prague',
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
};

function argument(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? path.resolve(process.argv[i + 1]) : fallback;
}

function solidityFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.sol')).sort();
}

// Sources are keyed by file name only, so the output does not depend on where the checkout is.
function compile(sourceDirs, outDir) {
  const sources = {};
  for (const dir of sourceDirs) {
    for (const file of solidityFiles(dir)) {
      sources[file] = { content: fs.readFileSync(path.join(dir, file), 'utf8') };
    }
  }
  const input = { language: 'Solidity', sources, settings: SETTINGS };
  const output = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (output.errors || []).filter((e) => e.severity === 'error');
  for (const e of output.errors || []) process.stderr.write(e.formattedMessage + '\n');
  if (errors.length > 0) process.exit(1);
  fs.mkdirSync(outDir, { recursive: true });
  const written = [];
  for (const file of Object.keys(output.contracts).sort()) {
    for (const name of Object.keys(output.contracts[file]).sort()) {
      const contract = output.contracts[file][name];
      if (!contract.evm.bytecode.object) continue; // interfaces and abstract contracts
      fs.writeFileSync(path.join(outDir, name + '.abi'), JSON.stringify(contract.abi) + '\n');
      fs.writeFileSync(path.join(outDir, name + '.bin'), contract.evm.bytecode.object);
      written.push(name);
    }
  }
  return written;
}

if (!solc.version().startsWith(PINNED + '+')) {
  process.stderr.write('solc-js ' + solc.version() + ' is not the pinned ' + PINNED + '\n');
  process.exit(1);
}
const mainSrc = path.join(root, 'src', 'main', 'solidity');
const testSrc = path.join(root, 'src', 'test', 'solidity');
const mainOut = argument('--main-out', path.join(root, 'src', 'main', 'resources', 'contracts'));
const testOut = argument('--test-out', path.join(root, 'src', 'test', 'resources', 'contracts'));

const main = compile([mainSrc], mainOut);
// Test contracts may import the hub; only their own artifacts land in the test output.
const testOnly = solidityFiles(testSrc).length > 0 ? compile([mainSrc, testSrc], path.join(testOut, '.all')) : [];
fs.mkdirSync(testOut, { recursive: true });
for (const name of testOnly.filter((n) => !main.includes(n))) {
  for (const ext of ['.abi', '.bin']) {
    fs.copyFileSync(path.join(testOut, '.all', name + ext), path.join(testOut, name + ext));
  }
}
fs.rmSync(path.join(testOut, '.all'), { recursive: true, force: true });
process.stdout.write('solc ' + solc.version() + ': ' + main.join(', ') + ' -> ' + mainOut + '\n');
process.stdout.write('test contracts: ' + testOnly.filter((n) => !main.includes(n)).join(', ') + ' -> ' + testOut + '\n');
