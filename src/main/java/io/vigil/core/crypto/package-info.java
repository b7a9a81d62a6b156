/**
 * Keys, signatures and EIP-712 signing for the channel hub. {@link
 * io.vigil.core.crypto.Secp256k1Engine#best()} uses the native libsecp256k1 and falls back to
 * BouncyCastle when the native library cannot load.
 */
package io.vigil.core.crypto;
