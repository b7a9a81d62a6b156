package io.vigil.testsupport;

import io.vigil.core.chain.ChainClient;
import io.vigil.core.chain.ChainException;
import java.math.BigInteger;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.tx.gas.ContractEIP1559GasProvider;

/**
 * EIP-1559 fees from the chain's latest block and a gas limit from eth_estimateGas with a margin,
 * for transactions sent through the generated wrappers. An estimate that reverts throws a fatal
 * {@link ChainException} carrying the revert data, so the hub's custom error reaches the caller
 * instead of a transaction that would fail on chain.
 */
public final class ChainGasProvider implements ContractEIP1559GasProvider {

  /** Gas limit when no transaction is known (web3j's deploy path asks without one). */
  private static final BigInteger DEFAULT_LIMIT = BigInteger.valueOf(3_000_000);

  /** The fixed price test transactions used before fees were read from the node. */
  private static final BigInteger MIN_MAX_FEE = BigInteger.valueOf(20_000_000_000L);

  private final ChainClient chain;

  public ChainGasProvider(ChainClient chain) {
    this.chain = chain;
  }

  @Override
  public long getChainId() {
    return chain.chainId();
  }

  /**
   * Twice the node's suggestion, and never under 20 gwei: tests raise the next block's base fee
   * ({@code anvil_setNextBlockBaseFeePerGas}) above what the latest block suggests.
   */
  @Override
  public BigInteger getMaxFeePerGas() {
    return chain.fees().maxFeePerGas().shiftLeft(1).max(MIN_MAX_FEE);
  }

  @Override
  public BigInteger getMaxPriorityFeePerGas() {
    return chain.fees().maxPriorityFeePerGas();
  }

  @Override
  public BigInteger getGasPrice() {
    return getMaxFeePerGas();
  }

  @Override
  public BigInteger getGasLimit(Transaction transaction) {
    if (transaction == null) {
      return DEFAULT_LIMIT;
    }
    BigInteger value =
        transaction.getValue() == null
            ? BigInteger.ZERO
            : new BigInteger(transaction.getValue().replaceFirst("^0x", ""), 16);
    BigInteger estimate =
        chain.estimateGas(
            io.vigil.core.crypto.Address.of(transaction.getFrom()),
            transaction.getTo() == null
                ? null
                : io.vigil.core.crypto.Address.of(transaction.getTo()),
            transaction.getData(),
            value);
    return estimate
        .multiply(BigInteger.valueOf(5))
        .divide(BigInteger.valueOf(4))
        .add(BigInteger.valueOf(10_000));
  }

  @Override
  public BigInteger getGasLimit() {
    return DEFAULT_LIMIT;
  }
}
