package io.vigil.core.chain;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.core.crypto.Address;
import io.vigil.core.metrics.Meters;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Reads a contract's logs with eth_getLogs in ranges of at most the current log range. Only a
 * {@link RpcFailure.RangeTooLarge} answer halves the range (down to one block); it grows back after
 * a run of successes. Every other failure is thrown with its class: the fallback below has already
 * tried the other endpoints when that could help. Safe for reads running at once (the chain
 * follower reads several ranges in parallel): they share the range, a refusal only ever narrows it,
 * and it widens only from the size that succeeded.
 */
final class LogReader {

  private static final Logger LOG = Logger.getLogger(LogReader.class);

  /** Successful log queries in a row after which a shrunk range is doubled again. */
  private static final int GROW_AFTER = 8;

  private final Web3j web3j;
  private final int maxRange;
  private final AtomicLong range;
  private final AtomicInteger successes = new AtomicInteger();

  LogReader(Web3j web3j, int maxRange, MeterRegistry meters) {
    this.web3j = web3j;
    this.maxRange = maxRange;
    this.range = new AtomicLong(maxRange);
    Meters.gauge(
        meters,
        "vigil_chain_log_range_blocks",
        "Block range currently asked of eth_getLogs in one call",
        range,
        AtomicLong::get);
  }

  /** Logs of {@code contract} in blocks {@code from..to}, inclusive on both ends, chain order. */
  List<Log> logs(Address contract, long from, long to) {
    List<Log> all = new ArrayList<>();
    long start = from;
    while (start <= to) {
      long span = range.get();
      long end = Math.min(to, start + span - 1);
      Optional<List<Log>> chunk =
          query(
              new EthFilter(
                  DefaultBlockParameter.valueOf(BigInteger.valueOf(start)),
                  DefaultBlockParameter.valueOf(BigInteger.valueOf(end)),
                  contract.hex()));
      if (chunk.isEmpty()) {
        if (end == start) {
          throw new ChainException(
              ErrorClass.FATAL,
              "provider refuses eth_getLogs even for the single block " + start,
              null,
              null);
        }
        long smaller = Math.max(1, (end - start + 1) / 2);
        LOG.debugf("eth_getLogs refused %d blocks, trying %d", end - start + 1, smaller);
        // Another read may have narrowed it further meanwhile: never widen on a refusal.
        range.accumulateAndGet(smaller, Math::min);
        successes.set(0);
        continue;
      }
      all.addAll(chunk.get());
      start = end + 1;
      if (successes.incrementAndGet() >= GROW_AFTER
          && span < maxRange
          && range.compareAndSet(span, Math.min(maxRange, span * 2))) {
        successes.set(0);
      }
    }
    return all;
  }

  /** Logs of {@code contract} in exactly the block with this hash, in log order. */
  List<Log> logs(Address contract, String blockHash) {
    return query(new EthFilter(blockHash, contract.hex()))
        .orElseThrow(
            () ->
                new ChainException(
                    ErrorClass.FATAL,
                    "provider refuses eth_getLogs for the single block " + blockHash,
                    null,
                    null));
  }

  long currentRange() {
    return range.get();
  }

  /** The logs, or empty when the provider refused the range's size. */
  private Optional<List<Log>> query(EthFilter filter) {
    EthLog response = RpcAnswers.send(() -> web3j.ethGetLogs(filter).send(), "eth_getLogs");
    if (response.hasError()) {
      Response.Error error = response.getError();
      RpcFailure failure = RpcErrors.answer(error.getCode(), error.getMessage());
      if (failure instanceof RpcFailure.RangeTooLarge) {
        return Optional.empty();
      }
      throw RpcAnswers.failure(error, "eth_getLogs", failure);
    }
    List<Log> logs = new ArrayList<>();
    for (EthLog.LogResult<?> result : response.getLogs()) {
      if (result.get() instanceof Log log) {
        logs.add(log);
      }
    }
    return Optional.of(logs);
  }
}
