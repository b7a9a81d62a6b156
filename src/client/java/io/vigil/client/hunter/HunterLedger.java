package io.vigil.client.hunter;

import io.vigil.client.chain.ChainReader;
import io.vigil.client.chain.HubAbi;
import io.vigil.client.chain.LogEntry;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.crypto.Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Reads a bounty hunter's record on one hub from its events: Disputed and Settled events naming the
 * hunter as {@code bountyTo}, and the hunter's Withdrawn events. The hub indexes neither {@code
 * bountyTo}, so every Disputed and Settled event since {@code fromBlock} is read and filtered here;
 * give a recent {@code fromBlock} on a busy hub.
 */
public final class HunterLedger {

  private final ChainReader chain;
  private final Address hub;

  public HunterLedger(ChainReader chain, Address hub) {
    this.chain = Objects.requireNonNull(chain, "chain");
    this.hub = Objects.requireNonNull(hub, "hub");
  }

  public HunterStatus status(Address hunter, long fromBlock) {
    List<HunterStatus.Dispute> disputes = new ArrayList<>();
    for (LogEntry log : chain.logs(hub, fromBlock, Arrays.asList(HubAbi.DISPUTED))) {
      // data: nonce, bountyTo; topics: signature, channelId, disputer
      List<BigInteger> words = HubAbi.words(log.data());
      if (words.size() == 2 && HubAbi.wordAddress(words.get(1)).equals(hunter)) {
        disputes.add(
            new HunterStatus.Dispute(
                ChannelId.of(log.topics().get(1)),
                words.get(0).longValueExact(),
                HubAbi.wordAddress(new BigInteger(log.topics().get(2).substring(2), 16)),
                log.blockNumber(),
                log.transactionHash()));
      }
    }
    List<HunterStatus.Bounty> bounties = new ArrayList<>();
    for (LogEntry log : chain.logs(hub, fromBlock, Arrays.asList(HubAbi.SETTLED))) {
      // data: balanceA, balanceB, bounty, bountyTo; topics: signature, channelId
      List<BigInteger> words = HubAbi.words(log.data());
      if (words.size() == 4
          && HubAbi.wordAddress(words.get(3)).equals(hunter)
          && words.get(2).signum() > 0) {
        bounties.add(
            new HunterStatus.Bounty(
                ChannelId.of(log.topics().get(1)),
                words.get(2),
                log.blockNumber(),
                log.transactionHash()));
      }
    }
    List<HunterStatus.Withdrawal> withdrawals = new ArrayList<>();
    for (LogEntry log :
        chain.logs(hub, fromBlock, Arrays.asList(HubAbi.WITHDRAWN, HubAbi.addressTopic(hunter)))) {
      List<BigInteger> words = HubAbi.words(log.data());
      if (words.size() == 1) {
        withdrawals.add(
            new HunterStatus.Withdrawal(words.get(0), log.blockNumber(), log.transactionHash()));
      }
    }
    return new HunterStatus(
        hunter, hub, fromBlock, disputes, bounties, withdrawals, chain.withdrawable(hub, hunter));
  }
}
