/**
 * Channel values shared by every role: ids, the EIP-712 states parties sign, signed states and
 * hunter authorizations. Signing and verifying them is {@link io.vigil.core.crypto.Eip712}'s job.
 */
package io.vigil.core.channel;
