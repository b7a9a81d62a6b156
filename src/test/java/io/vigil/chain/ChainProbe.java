package io.vigil.chain;

/** A class in the chain role's package, for tests of package-based role ownership. */
public final class ChainProbe {

  private ChainProbe() {}
}
