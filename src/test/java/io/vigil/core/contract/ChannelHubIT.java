package io.vigil.core.contract;

import static io.vigil.testsupport.HubFixture.ETHER;
import static io.vigil.testsupport.HubFixture.devKey;
import static io.vigil.testsupport.HubFixture.toContract;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.chain.ChainClient;
import io.vigil.core.chain.ChainException;
import io.vigil.core.chain.HubError;
import io.vigil.core.chain.HubEvent;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.ChannelState;
import io.vigil.core.channel.SignedState;
import io.vigil.core.crypto.Address;
import io.vigil.core.crypto.Eip712;
import io.vigil.core.crypto.PrivateKey;
import io.vigil.core.crypto.Signature;
import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.ChainGasProvider;
import io.vigil.testsupport.HubFixture;
import io.vigil.testsupport.OnPrivateHubChain;
import io.vigil.testsupport.contract.ChannelHub;
import io.vigil.testsupport.contract.ReentrantReceiver;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Every function of the hub and every revert path, on a private anvil chain (time moves here
 * without disturbing other tests). Reverts are observed as the custom error the node reports when
 * the transaction is prepared.
 */
class ChannelHubIT extends OnPrivateHubChain {

  private static final PrivateKey ALICE = devKey(1);
  private static final PrivateKey BOB = devKey(2);
  private static final PrivateKey HUNTER = devKey(3);
  private static final PrivateKey COPYCAT = devKey(4);
  private static final PrivateKey STRANGER = devKey(5);
  private static final long PERIOD = 3_600;
  private static final BigInteger BOUNTY = ETHER.divide(BigInteger.TEN);
  private static final byte[] NO_SIGNATURE = new byte[0];

  // ------------------------------------------------------------------------------------------
  // open, deposit

  @Test
  void shouldOpenChannelWithOpenerAsPartyAAndDepositAsItsBalance() throws Exception {
    TransactionReceipt receipt =
        hub.as(ALICE).open(BOB.address().hex(), BigInteger.valueOf(PERIOD), BOUNTY, ETHER).send();

    HubEvent.ChannelOpened opened = (HubEvent.ChannelOpened) single(receipt);
    ChannelHub.ChannelInfo info = info(opened.channelId());
    assertThat(opened.partyA()).isEqualTo(ALICE.address());
    assertThat(opened.partyB()).isEqualTo(BOB.address());
    assertThat(opened.deposit()).isEqualTo(ETHER);
    assertThat(opened.challengePeriod()).isEqualTo(PERIOD);
    assertThat(opened.bounty()).isEqualTo(BOUNTY);
    assertThat(Address.of(info.partyA)).isEqualTo(ALICE.address());
    assertThat(Address.of(info.partyB)).isEqualTo(BOB.address());
    assertThat(info.depositA).isEqualTo(ETHER);
    assertThat(info.depositB).isZero();
    assertThat(info.status).isEqualTo(BigInteger.ONE);
    assertThat(hub.chain().balance(hub.hub())).isGreaterThanOrEqualTo(ETHER);
  }

  @Test
  void shouldRejectOpenWithBadPartnerPeriodOrBounty() {
    assertReverts(
        "InvalidPartner",
        () ->
            hub.as(ALICE)
                .open(Address.ZERO.hex(), BigInteger.valueOf(PERIOD), BOUNTY, ETHER)
                .send());
    assertReverts(
        "InvalidPartner",
        () ->
            hub.as(ALICE)
                .open(ALICE.address().hex(), BigInteger.valueOf(PERIOD), BOUNTY, ETHER)
                .send());
    assertReverts(
        "ChallengePeriodOutOfRange",
        () -> hub.as(ALICE).open(BOB.address().hex(), BigInteger.ZERO, BOUNTY, ETHER).send());
    assertReverts(
        "ChallengePeriodOutOfRange",
        () ->
            hub.as(ALICE)
                .open(BOB.address().hex(), BigInteger.valueOf(366L * 24 * 3600), BOUNTY, ETHER)
                .send());
    assertReverts(
        "BountyTooLarge",
        () ->
            hub.as(ALICE)
                .open(
                    BOB.address().hex(),
                    BigInteger.valueOf(PERIOD),
                    BigInteger.ONE.shiftLeft(96),
                    ETHER)
                .send());
  }

  @Test
  void shouldAddDepositToDepositorsSide() throws Exception {
    ChannelId id = open(ETHER, BigInteger.ZERO);

    TransactionReceipt receipt =
        hub.as(BOB).deposit(id.toBytes(), ETHER.multiply(BigInteger.TWO)).send();

    HubEvent.Deposited deposited = (HubEvent.Deposited) single(receipt);
    assertThat(deposited.party()).isEqualTo(BOB.address());
    assertThat(deposited.amount()).isEqualTo(ETHER.multiply(BigInteger.TWO));
    assertThat(deposited.total()).isEqualTo(ETHER.multiply(BigInteger.valueOf(3)));
    assertThat(info(id).depositB).isEqualTo(ETHER.multiply(BigInteger.TWO));
  }

  @Test
  void shouldRejectDepositByStrangerZeroDepositAndUnknownOrClosingChannel() throws Exception {
    ChannelId id = open(ETHER, ETHER);

    assertReverts("NotAParty", () -> hub.as(STRANGER).deposit(id.toBytes(), ETHER).send());
    assertReverts("ZeroDeposit", () -> hub.as(ALICE).deposit(id.toBytes(), BigInteger.ZERO).send());
    assertReverts("UnknownChannel", () -> hub.as(ALICE).deposit(new byte[32], ETHER).send());
    closeOpening(id, ALICE, ETHER, ETHER);
    assertReverts("ChannelNotOpen", () -> hub.as(ALICE).deposit(id.toBytes(), ETHER).send());
    assertThat(info(id).depositA).isEqualTo(ETHER);
  }

  // ------------------------------------------------------------------------------------------
  // checkpoint

  @Test
  void shouldRecordCheckpointAndRefuseOlderStatesAfterIt() throws Exception {
    ChannelId id = open(ETHER, ETHER);
    ChannelState state = state(id, 5, "0.4", "1.6");

    TransactionReceipt receipt = checkpoint(hub.sign(state, ALICE, BOB));

    assertThat(single(receipt))
        .isEqualTo(
            new HubEvent.Checkpointed(id, 5, ((HubEvent.Checkpointed) single(receipt)).position()));
    assertThat(info(id).nonce).isEqualTo(BigInteger.valueOf(5));
    assertReverts("NonceNotHigher", () -> checkpoint(hub.sign(state, ALICE, BOB)));
    assertReverts("NonceNotHigher", () -> checkpoint(hub.sign(state.withNonce(4), ALICE, BOB)));
    assertReverts(
        "NonceBelowCheckpoint", () -> close(ALICE, hub.sign(state.withNonce(3), ALICE, BOB)));
    assertReverts("NonceBelowCheckpoint", () -> closeOpening(id, ALICE, ETHER, ETHER));
  }

  @Test
  void shouldRejectCheckpointWithWrongSignerSwappedSignaturesOrBadSum() throws Exception {
    ChannelId id = open(ETHER, ETHER);
    ChannelState state = state(id, 1, "0.5", "1.5");
    SignedState good = hub.sign(state, ALICE, BOB);

    assertReverts(
        "WrongSigner",
        () -> checkpoint(SignedState.of(state, good.signatureA(), sign(state, STRANGER))));
    assertReverts(
        "WrongSigner",
        () -> checkpoint(SignedState.of(state, good.signatureB(), good.signatureA())));
    assertReverts(
        "BalancesDoNotMatchDeposits",
        () -> checkpoint(hub.sign(state(id, 1, "0.5", "1.4"), ALICE, BOB)));
    assertReverts(
        "BalancesDoNotMatchDeposits",
        () -> checkpoint(hub.sign(state(id, 1, "1.5", "1.5"), ALICE, BOB)));
    assertThat(info(id).nonce).isZero();
  }

  // ------------------------------------------------------------------------------------------
  // domain separation and signature form

  @Test
  void shouldRejectSignaturesMadeForAnotherChainOrAnotherHub() throws Exception {
    ChannelId id = open(ETHER, ETHER);
    ChannelState state = state(id, 2, "1.2", "0.8");
    Eip712 otherChain = Eip712.forHub(1, hub.hub());
    Address secondHub = HubFixture.deployHub(anvil.rpcUrl(), devKey(0));
    Eip712 otherHub = Eip712.forHub(Anvil.CHAIN_ID, secondHub);

    assertReverts("WrongSigner", () -> close(ALICE, otherChain.coSign(state, ALICE, BOB)));
    assertReverts("WrongSigner", () -> close(ALICE, otherHub.coSign(state, ALICE, BOB)));
    assertThat(info(id).status).isEqualTo(BigInteger.ONE);
  }

  @Test
  void shouldRejectMalformedAndHighSSignatures() throws Exception {
    ChannelId id = open(ETHER, ETHER);
    ChannelState state = state(id, 2, "1.2", "0.8");
    SignedState good = hub.sign(state, ALICE, BOB);
    BigInteger order =
        new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);
    Signature low = good.signatureA();
    Signature highS =
        Signature.of(
            low.r(),
            Numeric.toBytesPadded(order.subtract(new BigInteger(1, low.s())), 32),
            low.v() == 27 ? 28 : 27);

    assertReverts(
        "MalformedSignature",
        () ->
            hub.as(ALICE)
                .close(toContract(state), new byte[64], good.signatureB().toBytes())
                .send());
    assertReverts(
        "MalformedSignature", () -> close(ALICE, SignedState.of(state, highS, good.signatureB())));
  }

  // ------------------------------------------------------------------------------------------
  // cooperative close

  @Test
  void shouldPayBothPartiesAtOnceOnCooperativeClose() throws Exception {
    ChannelId id = open(ETHER, ETHER);
    ChannelState last = state(id, 9, "0.3", "1.7");
    BigInteger aliceBefore = withdrawable(ALICE);
    BigInteger bobBefore = withdrawable(BOB);

    TransactionReceipt receipt =
        HubCalls.cooperativeClose(hub.as(STRANGER), hub.eip712(), last, ALICE, BOB).send();

    assertThat(single(receipt))
        .isInstanceOfSatisfying(
            HubEvent.CooperativelyClosed.class,
            closed -> {
              assertThat(closed.nonce()).isEqualTo(9);
              assertThat(closed.balanceA()).isEqualTo(ether("0.3"));
              assertThat(closed.balanceB()).isEqualTo(ether("1.7"));
            });
    assertThat(withdrawable(ALICE).subtract(aliceBefore)).isEqualTo(ether("0.3"));
    assertThat(withdrawable(BOB).subtract(bobBefore)).isEqualTo(ether("1.7"));
    assertThat(info(id).status).isEqualTo(BigInteger.valueOf(3));
    assertReverts(
        "ChannelNotOpen",
        () -> HubCalls.cooperativeClose(hub.as(STRANGER), hub.eip712(), last, ALICE, BOB).send());
  }

  @Test
  void shouldRefuseOrdinaryStateSignaturesForCooperativeClose() throws Exception {
    ChannelId id = open(ETHER, ETHER);
    SignedState ordinary = hub.sign(state(id, 1, "0.1", "1.9"), ALICE, BOB);

    assertReverts(
        "WrongSigner",
        () ->
            hub.as(ALICE)
                .cooperativeClose(
                    toContract(ordinary.state()),
                    ordinary.signatureA().toBytes(),
                    ordinary.signatureB().toBytes())
                .send());
  }

  // ------------------------------------------------------------------------------------------
  // close

  @Test
  void shouldStartChallengePeriodWithOpeningStateWithoutSignatures() throws Exception {
    ChannelId id = open(ETHER, ether("0.5"));

    TransactionReceipt receipt = closeOpening(id, BOB, ETHER, ether("0.5"));

    HubEvent.CloseStarted started = (HubEvent.CloseStarted) single(receipt);
    long blockTime =
        hub.chain().block(receipt.getBlockNumber().longValueExact()).orElseThrow().timestamp();
    assertThat(started.closer()).isEqualTo(BOB.address());
    assertThat(started.partyA()).isEqualTo(ALICE.address());
    assertThat(started.partyB()).isEqualTo(BOB.address());
    assertThat(started.nonce()).isZero();
    assertThat(started.deadline()).isEqualTo(blockTime + PERIOD);
    ChannelHub.ChannelInfo info = info(id);
    assertThat(info.status).isEqualTo(BigInteger.TWO);
    assertThat(Address.of(info.closer)).isEqualTo(BOB.address());
    assertThat(info.closingBalanceA).isEqualTo(ETHER);
    assertThat(info.closingBalanceB).isEqualTo(ether("0.5"));
  }

  @Test
  void shouldRejectCloseOfUnknownChannelByStrangerOrWithWrongOpeningBalances() throws Exception {
    ChannelId id = open(ETHER, ETHER);
    ChannelId unknown = ChannelId.of(new byte[32]);

    assertReverts("UnknownChannel", () -> closeOpening(unknown, ALICE, ETHER, ETHER));
    assertReverts("NotAParty", () -> closeOpening(id, STRANGER, ETHER, ETHER));
    assertReverts(
        "OpeningBalancesMismatch", () -> closeOpening(id, ALICE, ether("2"), BigInteger.ZERO));
    closeOpening(id, ALICE, ETHER, ETHER);
    assertReverts("ChannelNotOpen", () -> closeOpening(id, BOB, ETHER, ETHER));
  }

  @Test
  void shouldCloseWithCoSignedStateAndRejectBadSumOrForeignSigner() throws Exception {
    ChannelId id = open(ETHER, ETHER);
    ChannelState state = state(id, 4, "1.5", "0.5");

    assertReverts(
        "BalancesDoNotMatchDeposits",
        () -> close(ALICE, hub.sign(state(id, 4, "1.5", "1"), ALICE, BOB)));
    assertReverts("WrongSigner", () -> close(ALICE, hub.sign(state, STRANGER, BOB)));
    TransactionReceipt receipt = close(ALICE, hub.sign(state, ALICE, BOB));

    assertThat(((HubEvent.CloseStarted) single(receipt)).nonce()).isEqualTo(4);
    assertThat(info(id).closingBalanceA).isEqualTo(ether("1.5"));
  }

  // ------------------------------------------------------------------------------------------
  // dispute, settle, withdraw

  @Test
  void shouldPayBountyToAuthorizedHunterWhenDisputeProvesCloseStale() throws Exception {
    ChannelId id = open(ETHER, ETHER);
    SignedState stale = hub.sign(state(id, 3, "1.8", "0.2"), ALICE, BOB);
    SignedState latest = hub.sign(state(id, 6, "0.6", "1.4"), ALICE, BOB);
    close(ALICE, stale);
    Signature authorization = hub.authorizeHunter(id, HUNTER.address(), BOB);

    TransactionReceipt disputed = dispute(HUNTER, latest, authorization.toBytes());

    assertThat(single(disputed))
        .isInstanceOfSatisfying(
            HubEvent.Disputed.class,
            event -> {
              assertThat(event.disputer()).isEqualTo(HUNTER.address());
              assertThat(event.nonce()).isEqualTo(6);
              assertThat(event.bountyTo()).isEqualTo(HUNTER.address());
            });
    BigInteger hunterBefore = withdrawable(HUNTER);
    BigInteger aliceBefore = withdrawable(ALICE);
    BigInteger bobBefore = withdrawable(BOB);
    TransactionReceipt settled = settleAfterPeriod(id);

    assertThat(single(settled))
        .isInstanceOfSatisfying(
            HubEvent.Settled.class,
            event -> {
              assertThat(event.balanceA()).isEqualTo(ether("0.5"));
              assertThat(event.balanceB()).isEqualTo(ether("1.4"));
              assertThat(event.bounty()).isEqualTo(BOUNTY);
              assertThat(event.bountyTo()).isEqualTo(HUNTER.address());
            });
    assertThat(withdrawable(HUNTER).subtract(hunterBefore)).isEqualTo(BOUNTY);
    assertThat(withdrawable(ALICE).subtract(aliceBefore)).isEqualTo(ether("0.5"));
    assertThat(withdrawable(BOB).subtract(bobBefore)).isEqualTo(ether("1.4"));
  }

  @Test
  void shouldGiveBountyToNonClosingPartyWhenAuthorizationIsMissingOrNotTheirs() throws Exception {
    ChannelId id = open(ETHER, ETHER);
    close(ALICE, hub.sign(state(id, 1, "1.9", "0.1"), ALICE, BOB));
    Signature byCloser = hub.authorizeHunter(id, HUNTER.address(), ALICE);

    TransactionReceipt receipt =
        dispute(HUNTER, hub.sign(state(id, 2, "1", "1"), ALICE, BOB), byCloser.toBytes());
    TransactionReceipt second =
        dispute(HUNTER, hub.sign(state(id, 3, "0.9", "1.1"), ALICE, BOB), NO_SIGNATURE);

    assertThat(((HubEvent.Disputed) single(receipt)).bountyTo()).isEqualTo(BOB.address());
    assertThat(((HubEvent.Disputed) single(second)).bountyTo()).isEqualTo(BOB.address());
    assertThat(Address.of(info(id).bountyTo)).isEqualTo(BOB.address());
  }

  @Test
  void shouldRejectDisputeWithStaleOrEqualNonceOnOpenChannelOrAfterDeadline() throws Exception {
    ChannelId id = open(ETHER, ETHER);
    SignedState five = hub.sign(state(id, 5, "1", "1"), ALICE, BOB);
    assertReverts("ChannelNotClosing", () -> dispute(HUNTER, five, NO_SIGNATURE));
    close(BOB, five);

    assertReverts("NonceNotHigher", () -> dispute(HUNTER, five, NO_SIGNATURE));
    assertReverts(
        "NonceNotHigher",
        () -> dispute(HUNTER, hub.sign(state(id, 4, "0.5", "1.5"), ALICE, BOB), NO_SIGNATURE));
    assertReverts(
        "WrongSigner",
        () ->
            dispute(
                HUNTER,
                SignedState.of(
                    state(id, 6, "1", "1"),
                    sign(state(id, 6, "1", "1"), BOB),
                    sign(state(id, 6, "1", "1"), ALICE)),
                NO_SIGNATURE));
    hub.advanceTime(PERIOD + 1);
    assertReverts(
        "ChallengePeriodOver",
        () -> dispute(HUNTER, hub.sign(state(id, 6, "1", "1"), ALICE, BOB), NO_SIGNATURE));
  }

  @Test
  void shouldRefuseSettleBeforeDeadlineAndSecondSettle() throws Exception {
    ChannelId id = open(ETHER, ETHER);
    assertReverts("ChannelNotClosing", () -> hub.as(STRANGER).settle(id.toBytes()).send());
    closeOpening(id, ALICE, ETHER, ETHER);

    assertReverts("ChallengePeriodNotOver", () -> hub.as(STRANGER).settle(id.toBytes()).send());
    TransactionReceipt settled = settleAfterPeriod(id);

    assertThat(single(settled))
        .isInstanceOfSatisfying(
            HubEvent.Settled.class,
            event -> {
              assertThat(event.bounty()).isZero();
              assertThat(event.bountyTo()).isEqualTo(Address.ZERO);
            });
    assertReverts("ChannelNotClosing", () -> hub.as(STRANGER).settle(id.toBytes()).send());
    assertReverts("UnknownChannel", () -> hub.as(STRANGER).settle(new byte[32]).send());
  }

  @Test
  void shouldPayOutCreditOnceAndRefuseSecondWithdraw() throws Exception {
    PrivateKey payee = devKey(6);
    ChannelId id = hub.open(payee, BOB, ETHER, BigInteger.ZERO, PERIOD, BigInteger.ZERO);
    closeOpening(id, payee, ETHER, BigInteger.ZERO);
    settleAfterPeriod(id);
    BigInteger credit = withdrawable(payee);
    BigInteger before = hub.chain().balance(payee.address());
    BigInteger hubBefore = hub.chain().balance(hub.hub());

    TransactionReceipt receipt = hub.as(payee).withdraw().send();

    assertThat(credit).isEqualTo(ETHER);
    assertThat(single(receipt))
        .isEqualTo(
            new HubEvent.Withdrawn(
                payee.address(), ETHER, ((HubEvent.Withdrawn) single(receipt)).position()));
    assertThat(hub.chain().balance(payee.address()).subtract(before))
        .isEqualTo(ETHER.subtract(fee(receipt)));
    assertThat(hubBefore.subtract(hub.chain().balance(hub.hub()))).isEqualTo(ETHER);
    assertThat(withdrawable(payee)).isZero();
    assertReverts("NothingToWithdraw", () -> hub.as(payee).withdraw().send());
  }

  @Test
  void shouldCreditLaterDepositToItsMakerWhenOlderStateSettles() throws Exception {
    ChannelId id = open(ETHER, ETHER);
    SignedState beforeDeposit = hub.sign(state(id, 7, "0.2", "1.8"), ALICE, BOB);
    hub.as(ALICE).deposit(id.toBytes(), ether("0.001")).send();
    closeOpening(id, ALICE, ether("1.001"), ETHER);
    BigInteger aliceBefore = withdrawable(ALICE);
    BigInteger bobBefore = withdrawable(BOB);

    dispute(BOB, beforeDeposit, NO_SIGNATURE);
    settleAfterPeriod(id);

    // Alice's stale close costs her the bounty (0.1), paid to Bob; her late deposit stays hers.
    assertThat(withdrawable(ALICE).subtract(aliceBefore)).isEqualTo(ether("0.101"));
    assertThat(withdrawable(BOB).subtract(bobBefore)).isEqualTo(ether("1.9"));
  }

  // ------------------------------------------------------------------------------------------
  // copy-cat front-running

  @Test
  void shouldProtectFundsButPayCopycatNothingWhenItFrontRunsHuntersDispute() throws Exception {
    ChannelId id = open(ETHER, ETHER);
    close(ALICE, hub.sign(state(id, 2, "1.9", "0.1"), ALICE, BOB));
    SignedState latest = hub.sign(state(id, 8, "0.4", "1.6"), ALICE, BOB);
    Signature authorization = hub.authorizeHunter(id, HUNTER.address(), BOB);
    String calldata =
        HubCalls.dispute(hub.reader(), latest, authorization.toBytes()).encodeFunctionCall();
    BigInteger copycatBefore = withdrawable(COPYCAT);
    BigInteger bobBefore = withdrawable(BOB);
    anvil.setAutomine(false);
    String hunterTx;
    String copycatTx;
    try {
      hunterTx = sendRaw(HUNTER, calldata, BigInteger.valueOf(1_000_000_000L));
      // The copy-cat reads the pending transaction's input from the node and outbids it.
      String seen =
          hub.chain()
              .web3j()
              .ethGetTransactionByHash(hunterTx)
              .send()
              .getTransaction()
              .orElseThrow()
              .getInput();
      copycatTx = sendRaw(COPYCAT, seen, BigInteger.valueOf(50_000_000_000L));
      anvil.mine(1);
    } finally {
      anvil.setAutomine(true);
    }

    TransactionReceipt copycatReceipt = hub.chain().receipt(copycatTx).orElseThrow();
    TransactionReceipt hunterReceipt = hub.chain().receipt(hunterTx).orElseThrow();
    assertThat(copycatReceipt.isStatusOK()).isTrue();
    assertThat(copycatReceipt.getTransactionIndex())
        .isLessThan(hunterReceipt.getTransactionIndex());
    assertThat(hunterReceipt.isStatusOK()).isFalse();
    assertThat(((HubEvent.Disputed) single(copycatReceipt)).bountyTo()).isEqualTo(BOB.address());

    settleAfterPeriod(id);

    assertThat(withdrawable(COPYCAT)).isEqualTo(copycatBefore);
    assertThat(withdrawable(BOB).subtract(bobBefore)).isEqualTo(ether("1.6").add(BOUNTY));
  }

  // ------------------------------------------------------------------------------------------
  // reentrancy

  @Test
  void shouldPayReentrantReceiverExactlyItsCreditOnce() throws Exception {
    ChainClient chain = hub.chain();
    PrivateKey owner = devKey(7);
    ReentrantReceiver receiver =
        ReentrantReceiver.deploy(
                chain.web3j(),
                chain.transactionManager(owner),
                new ChainGasProvider(chain),
                hub.hub().hex())
            .send();
    Address receiverAddress = Address.of(receiver.getContractAddress());
    TransactionReceipt opened =
        receiver.openChannel(BOB.address().hex(), BigInteger.valueOf(PERIOD), ETHER).send();
    ChannelId id = ((HubEvent.ChannelOpened) single(opened)).channelId();
    hub.as(BOB).deposit(id.toBytes(), ETHER).send();
    receiver.closeWithOpeningState(id.toBytes(), ETHER, ETHER).send();
    settleAfterPeriod(id);
    BigInteger hubBefore = chain.balance(hub.hub());

    receiver.withdraw().send();

    assertThat(receiver.reentryAttempts().send()).isEqualTo(BigInteger.ONE);
    assertThat(receiver.reentrySucceeded().send()).isFalse();
    assertThat(HubError.decode(Numeric.toHexString(receiver.reentryError().send())))
        .hasValueSatisfying(error -> assertThat(error.name()).isEqualTo("NothingToWithdraw"));
    assertThat(receiver.received().send()).isEqualTo(ETHER);
    assertThat(chain.balance(receiverAddress)).isEqualTo(ETHER);
    assertThat(hubBefore.subtract(chain.balance(hub.hub()))).isEqualTo(ETHER);
    assertThat(withdrawable(receiverAddress)).isZero();
  }

  @Test
  void shouldKeepCreditWhenReceiverRefusesPayment() throws Exception {
    ChainClient chain = hub.chain();
    ReentrantReceiver receiver =
        ReentrantReceiver.deploy(
                chain.web3j(),
                chain.transactionManager(devKey(8)),
                new ChainGasProvider(chain),
                hub.hub().hex())
            .send();
    Address receiverAddress = Address.of(receiver.getContractAddress());
    ChannelId id =
        ((HubEvent.ChannelOpened)
                single(
                    receiver
                        .openChannel(BOB.address().hex(), BigInteger.valueOf(PERIOD), ETHER)
                        .send()))
            .channelId();
    receiver.closeWithOpeningState(id.toBytes(), ETHER, BigInteger.ZERO).send();
    settleAfterPeriod(id);
    receiver.setRejectPayments(true).send();

    assertReverts("TransferFailed", () -> receiver.withdraw().send());
    assertThat(withdrawable(receiverAddress)).isEqualTo(ETHER);
  }

  // ------------------------------------------------------------------------------------------
  // helpers

  private static ChannelId open(BigInteger depositA, BigInteger depositB) {
    return hub.open(ALICE, BOB, depositA, depositB, PERIOD, BOUNTY);
  }

  private static ChannelState state(ChannelId id, long nonce, String etherA, String etherB) {
    return ChannelState.of(id, nonce, ether(etherA), ether(etherB));
  }

  static BigInteger ether(String amount) {
    return new java.math.BigDecimal(amount)
        .multiply(new java.math.BigDecimal(ETHER))
        .toBigIntegerExact();
  }

  private static Signature sign(ChannelState state, PrivateKey key) {
    return hub.eip712().signState(state, key);
  }

  private static TransactionReceipt checkpoint(SignedState signed) throws Exception {
    return hub.as(STRANGER)
        .checkpoint(
            toContract(signed.state()),
            signed.signatureA().toBytes(),
            signed.signatureB().toBytes())
        .send();
  }

  private static TransactionReceipt close(PrivateKey closer, SignedState signed) throws Exception {
    return hub.as(closer)
        .close(
            toContract(signed.state()),
            signed.signatureA().toBytes(),
            signed.signatureB().toBytes())
        .send();
  }

  private static TransactionReceipt closeOpening(
      ChannelId id, PrivateKey closer, BigInteger balanceA, BigInteger balanceB) throws Exception {
    return hub.as(closer)
        .close(toContract(ChannelState.opening(id, balanceA, balanceB)), NO_SIGNATURE, NO_SIGNATURE)
        .send();
  }

  private static TransactionReceipt dispute(PrivateKey disputer, SignedState signed, byte[] auth)
      throws Exception {
    return HubCalls.dispute(hub.as(disputer), signed, auth).send();
  }

  /** Lets the challenge period of {@code id} pass and settles it as a stranger. */
  private static TransactionReceipt settleAfterPeriod(ChannelId id) throws Exception {
    hub.advanceTime(PERIOD + 1);
    return hub.as(STRANGER).settle(id.toBytes()).send();
  }

  private static String sendRaw(PrivateKey from, String calldata, BigInteger tip) {
    ChainClient chain = hub.chain();
    RawTransaction transaction =
        RawTransaction.createTransaction(
            Anvil.CHAIN_ID,
            BigInteger.valueOf(chain.nonce(from.address(), true)),
            BigInteger.valueOf(300_000),
            hub.hub().hex(),
            BigInteger.ZERO,
            calldata,
            tip,
            chain.fees().baseFeePerGas().multiply(BigInteger.TWO).add(tip));
    return chain.sendRawTransaction(
        Numeric.toHexString(TransactionEncoder.signMessage(transaction, from.credentials())));
  }

  private static ChannelHub.ChannelInfo info(ChannelId id) throws Exception {
    return hub.reader().channels(id.toBytes()).send();
  }

  private static BigInteger withdrawable(PrivateKey key) throws Exception {
    return withdrawable(key.address());
  }

  private static BigInteger withdrawable(Address account) throws Exception {
    return hub.reader().withdrawable(account.hex()).send();
  }

  private static BigInteger fee(TransactionReceipt receipt) {
    return receipt.getGasUsed().multiply(Numeric.decodeQuantity(receipt.getEffectiveGasPrice()));
  }

  private static HubEvent single(TransactionReceipt receipt) {
    List<HubEvent> events = HubFixture.events(receipt);
    assertThat(events).hasSize(1);
    return events.get(0);
  }

  /** The call fails before anything is sent, with the hub's custom error {@code name}. */
  static void assertReverts(String name, ThrowingCallable call) {
    assertThatThrownBy(call)
        .satisfies(
            thrown ->
                assertThat(hubError(thrown))
                    .as("hub error of %s", thrown)
                    .hasValueSatisfying(error -> assertThat(error.name()).isEqualTo(name)));
  }

  static Optional<HubError> hubError(Throwable thrown) {
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      if (cause instanceof ChainException chain && chain.data().isPresent()) {
        return HubError.decode(chain.data().get());
      }
    }
    return Optional.empty();
  }
}
