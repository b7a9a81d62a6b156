package io.vigil.watcher;

/** An offer whose signers are known: the two state signers and the authorizing client. */
record SignedOffer(Offer offer, String signerA, String signerB, String client) {}
