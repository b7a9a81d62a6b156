// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title ChannelHub
/// @notice Holds many two-party payment channels in native ETH. Parties exchange EIP-712 signed
/// states off chain; the hub settles the latest state that reaches it before a challenge deadline.
/// A close proven stale by a dispute costs the closer the channel's bounty, paid to the hunter the
/// honest party named in a signed HunterAuthorization (or to the honest party itself when the
/// dispute carries no valid authorization, so a copy of someone else's dispute earns nothing).
/// @dev Payouts are credited and pulled with withdraw(); no function other than withdraw sends ETH.
contract ChannelHub {
    // ---------------------------------------------------------------------------------------
    // Types

    enum Status {
        None,
        Open,
        Closing,
        Closed
    }

    /// @notice A channel state both parties sign off chain. balanceA + balanceB must equal the
    /// channel's total deposits at the time it was signed.
    struct State {
        bytes32 channelId;
        uint64 nonce;
        uint256 balanceA;
        uint256 balanceB;
    }

    /// @notice What channels(channelId) reports. closer and bountyTo are zero when not set.
    struct ChannelInfo {
        address partyA;
        address partyB;
        uint256 depositA;
        uint256 depositB;
        uint256 bounty;
        uint64 challengePeriod;
        uint64 nonce;
        uint64 deadline;
        Status status;
        address closer;
        uint256 closingBalanceA;
        uint256 closingBalanceB;
        address bountyTo;
    }

    // Storage layout, four slots per channel (packing keeps open/close/dispute/settle cheap):
    // slot 0: partyA | depositA, slot 1: partyB | depositB,
    // slot 2: bounty | challengePeriod | nonce | deadline | status | closedByA,
    // slot 3: closingBalanceA | bountyTo.
    struct Channel {
        address partyA;
        uint96 depositA;
        address partyB;
        uint96 depositB;
        uint96 bounty;
        uint32 challengePeriod;
        uint64 nonce;
        uint40 deadline;
        Status status;
        bool closedByA;
        uint96 closingBalanceA;
        address bountyTo;
    }

    // ---------------------------------------------------------------------------------------
    // Events: every change of state emits one, carrying what a watcher needs to act.

    event ChannelOpened(
        bytes32 indexed channelId,
        address indexed partyA,
        address indexed partyB,
        uint256 deposit,
        uint64 challengePeriod,
        uint256 bounty
    );
    event Deposited(bytes32 indexed channelId, address indexed party, uint256 amount, uint256 total);
    event Checkpointed(bytes32 indexed channelId, uint64 nonce);
    event CloseStarted(
        bytes32 indexed channelId,
        address indexed closer,
        address partyA,
        address partyB,
        uint64 nonce,
        uint64 deadline
    );
    event Disputed(bytes32 indexed channelId, address indexed disputer, uint64 nonce, address bountyTo);
    event Settled(bytes32 indexed channelId, uint256 balanceA, uint256 balanceB, uint256 bounty, address bountyTo);
    event CooperativelyClosed(bytes32 indexed channelId, uint64 nonce, uint256 balanceA, uint256 balanceB);
    event Withdrawn(address indexed account, uint256 amount);

    // ---------------------------------------------------------------------------------------
    // Errors

    error UnknownChannel(bytes32 channelId);
    error ChannelAlreadyExists(bytes32 channelId);
    error ChannelNotOpen(bytes32 channelId, Status status);
    error ChannelNotClosing(bytes32 channelId, Status status);
    error NotAParty(bytes32 channelId, address account);
    error InvalidPartner(address partner);
    error ChallengePeriodOutOfRange(uint64 challengePeriod);
    error BountyTooLarge(uint256 bounty);
    error ZeroDeposit();
    error DepositTooLarge(uint256 total);
    error MalformedSignature();
    error WrongSigner(address expected, address recovered);
    error BalancesDoNotMatchDeposits(uint256 sum, uint256 totalDeposits);
    error OpeningBalancesMismatch(uint256 depositA, uint256 depositB);
    error NonceBelowCheckpoint(uint64 nonce, uint64 checkpointed);
    error NonceNotHigher(uint64 nonce, uint64 current);
    error ChallengePeriodOver(uint64 deadline);
    error ChallengePeriodNotOver(uint64 deadline);
    error NothingToWithdraw(address account);
    error TransferFailed(address account, uint256 amount);

    // ---------------------------------------------------------------------------------------
    // Constants and storage

    bytes32 private constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 private constant NAME_HASH = keccak256("VigilChannelHub");
    bytes32 private constant VERSION_HASH = keccak256("1");
    bytes32 public constant STATE_TYPEHASH =
        keccak256("State(bytes32 channelId,uint64 nonce,uint256 balanceA,uint256 balanceB)");
    bytes32 public constant FINAL_STATE_TYPEHASH =
        keccak256("FinalState(bytes32 channelId,uint64 nonce,uint256 balanceA,uint256 balanceB)");
    bytes32 public constant HUNTER_AUTHORIZATION_TYPEHASH =
        keccak256("HunterAuthorization(bytes32 channelId,address hunter)");

    /// @notice Longest challenge period a channel may ask for.
    uint64 public constant MAX_CHALLENGE_PERIOD = 365 days;

    /// Half the secp256k1 group order: larger s values are the malleable twin of a signature.
    uint256 private constant HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;

    uint256 private immutable cachedChainId;
    bytes32 private immutable cachedDomainSeparator;

    mapping(bytes32 => Channel) private channelsById;

    /// Per channel: total deposits at some earlier moment => partyA's deposits then, plus one.
    /// Lets a state signed before a later deposit still settle, with the later deposit credited
    /// to whoever made it (otherwise one small deposit would invalidate the other party's states).
    mapping(bytes32 => mapping(uint256 => uint256)) private depositAAtTotal;

    /// Credited balance plus one once an account has been touched (zero: never touched). Keeping
    /// the slot non-zero after a withdrawal makes the next credit a cheap non-zero write.
    mapping(address => uint256) private credits;

    constructor() {
        cachedChainId = block.chainid;
        cachedDomainSeparator = buildDomainSeparator();
    }

    // ---------------------------------------------------------------------------------------
    // Channel lifecycle

    /// @notice Opens a channel with msg.sender as party A and msg.value as A's first deposit.
    /// @dev The id binds chain, hub, both parties and the block, so one pair can open one
    /// channel per block.
    function open(address partner, uint64 challengePeriod, uint256 bounty)
        external
        payable
        returns (bytes32 channelId)
    {
        if (partner == address(0) || partner == msg.sender) revert InvalidPartner(partner);
        if (challengePeriod == 0 || challengePeriod > MAX_CHALLENGE_PERIOD) {
            revert ChallengePeriodOutOfRange(challengePeriod);
        }
        if (bounty > type(uint96).max) revert BountyTooLarge(bounty);
        if (msg.value > type(uint96).max) revert DepositTooLarge(msg.value);
        channelId = keccak256(abi.encode(block.chainid, address(this), msg.sender, partner, block.number));
        Channel storage c = channelsById[channelId];
        if (c.status != Status.None) revert ChannelAlreadyExists(channelId);
        c.partyA = msg.sender;
        c.depositA = uint96(msg.value);
        c.partyB = partner;
        c.bounty = uint96(bounty);
        c.challengePeriod = uint32(challengePeriod);
        c.status = Status.Open;
        emit ChannelOpened(channelId, msg.sender, partner, msg.value, challengePeriod, bounty);
    }

    /// @notice Adds msg.value to the sender's side of an open channel.
    function deposit(bytes32 channelId) external payable {
        Channel storage c = channelsById[channelId];
        requireStatus(c, channelId, Status.Open);
        if (msg.value == 0) revert ZeroDeposit();
        uint256 depositA = c.depositA;
        uint256 depositB = c.depositB;
        uint256 total = depositA + depositB;
        uint256 newTotal = total + msg.value;
        if (newTotal > type(uint96).max) revert DepositTooLarge(newTotal);
        // Remember how the old total was split, for states signed before this deposit.
        depositAAtTotal[channelId][total] = depositA + 1;
        if (msg.sender == c.partyA) {
            c.depositA = uint96(depositA + msg.value);
        } else if (msg.sender == c.partyB) {
            c.depositB = uint96(depositB + msg.value);
        } else {
            revert NotAParty(channelId, msg.sender);
        }
        emit Deposited(channelId, msg.sender, msg.value, newTotal);
    }

    /// @notice Records a co-signed state's nonce on chain so no close can use an older one.
    function checkpoint(State calldata s, bytes calldata sigA, bytes calldata sigB) external {
        Channel storage c = channelsById[s.channelId];
        requireStatus(c, s.channelId, Status.Open);
        if (s.nonce <= c.nonce) revert NonceNotHigher(s.nonce, c.nonce);
        requireCoSigned(c, STATE_TYPEHASH, s, sigA, sigB);
        resolveBalanceA(c, s);
        c.nonce = s.nonce;
        emit Checkpointed(s.channelId, s.nonce);
    }

    /// @notice Closes at once with a final state both parties signed (type FinalState).
    function cooperativeClose(State calldata s, bytes calldata sigA, bytes calldata sigB) external {
        Channel storage c = channelsById[s.channelId];
        requireStatus(c, s.channelId, Status.Open);
        requireCoSigned(c, FINAL_STATE_TYPEHASH, s, sigA, sigB);
        uint256 balanceA = resolveBalanceA(c, s);
        uint256 balanceB = uint256(c.depositA) + c.depositB - balanceA;
        address partyA = c.partyA;
        address partyB = c.partyB;
        finish(c);
        credit(partyA, balanceA);
        credit(partyB, balanceB);
        emit CooperativelyClosed(s.channelId, s.nonce, balanceA, balanceB);
    }

    /// @notice A party starts the challenge period with a co-signed state, or with the opening
    /// state (nonce 0, balances equal to the deposits) which needs no signatures.
    function close(State calldata s, bytes calldata sigA, bytes calldata sigB) external {
        Channel storage c = channelsById[s.channelId];
        requireStatus(c, s.channelId, Status.Open);
        bool byA = msg.sender == c.partyA;
        if (!byA && msg.sender != c.partyB) revert NotAParty(s.channelId, msg.sender);
        uint64 checkpointed = c.nonce;
        if (s.nonce < checkpointed) revert NonceBelowCheckpoint(s.nonce, checkpointed);
        uint256 balanceA;
        if (s.nonce == 0) {
            if (s.balanceA != c.depositA || s.balanceB != c.depositB) {
                revert OpeningBalancesMismatch(c.depositA, c.depositB);
            }
            balanceA = s.balanceA;
        } else {
            requireCoSigned(c, STATE_TYPEHASH, s, sigA, sigB);
            balanceA = resolveBalanceA(c, s);
        }
        uint64 deadline = uint64(block.timestamp) + c.challengePeriod;
        c.nonce = s.nonce;
        c.deadline = uint40(deadline);
        c.status = Status.Closing;
        c.closedByA = byA;
        c.closingBalanceA = uint96(balanceA);
        emit CloseStarted(s.channelId, msg.sender, c.partyA, c.partyB, s.nonce, deadline);
    }

    /// @notice Replaces a closing channel's state with a co-signed state of strictly higher nonce
    /// before the deadline. The closer's bounty goes to msg.sender if hunterAuthSig is the
    /// non-closing party's HunterAuthorization naming msg.sender, otherwise to the non-closing
    /// party. An empty or invalid hunterAuthSig never blocks the dispute.
    function dispute(State calldata s, bytes calldata sigA, bytes calldata sigB, bytes calldata hunterAuthSig)
        external
    {
        Channel storage c = channelsById[s.channelId];
        requireStatus(c, s.channelId, Status.Closing);
        uint64 deadline = c.deadline;
        if (block.timestamp > deadline) revert ChallengePeriodOver(deadline);
        if (s.nonce <= c.nonce) revert NonceNotHigher(s.nonce, c.nonce);
        requireCoSigned(c, STATE_TYPEHASH, s, sigA, sigB);
        uint256 balanceA = resolveBalanceA(c, s);
        address nonCloser = c.closedByA ? c.partyB : c.partyA;
        bytes32 authDigest = digest(keccak256(abi.encode(HUNTER_AUTHORIZATION_TYPEHASH, s.channelId, msg.sender)));
        address bountyTo = tryRecover(authDigest, hunterAuthSig) == nonCloser ? msg.sender : nonCloser;
        c.nonce = s.nonce;
        c.closingBalanceA = uint96(balanceA);
        c.bountyTo = bountyTo;
        // Touch the beneficiary's credit slot now so settle pays a cheap non-zero write for it.
        if (credits[bountyTo] == 0) credits[bountyTo] = 1;
        emit Disputed(s.channelId, msg.sender, s.nonce, bountyTo);
    }

    /// @notice After the deadline anyone may settle: balances are credited, and after a dispute
    /// the closer's bounty (at most the closer's balance) is credited to the recorded bountyTo.
    function settle(bytes32 channelId) external {
        Channel storage c = channelsById[channelId];
        requireStatus(c, channelId, Status.Closing);
        uint64 deadline = c.deadline;
        if (block.timestamp <= deadline) revert ChallengePeriodNotOver(deadline);
        uint256 balanceA = c.closingBalanceA;
        uint256 balanceB = uint256(c.depositA) + c.depositB - balanceA;
        address bountyTo = c.bountyTo;
        uint256 bounty;
        if (bountyTo != address(0)) {
            bounty = c.bounty;
            if (c.closedByA) {
                if (bounty > balanceA) bounty = balanceA;
                balanceA -= bounty;
            } else {
                if (bounty > balanceB) bounty = balanceB;
                balanceB -= bounty;
            }
        }
        address partyA = c.partyA;
        address partyB = c.partyB;
        finish(c);
        credit(partyA, balanceA);
        credit(partyB, balanceB);
        credit(bountyTo, bounty);
        emit Settled(channelId, balanceA, balanceB, bounty, bountyTo);
    }

    /// @notice Sends msg.sender everything credited to it.
    function withdraw() external {
        uint256 raw = credits[msg.sender];
        if (raw <= 1) revert NothingToWithdraw(msg.sender);
        uint256 amount = raw - 1;
        // Effects before the interaction: a re-entrant call finds nothing left to withdraw.
        credits[msg.sender] = 1;
        emit Withdrawn(msg.sender, amount);
        (bool ok,) = msg.sender.call{value: amount}("");
        if (!ok) revert TransferFailed(msg.sender, amount);
    }

    // ---------------------------------------------------------------------------------------
    // Views

    function channels(bytes32 channelId) external view returns (ChannelInfo memory info) {
        Channel storage c = channelsById[channelId];
        info.partyA = c.partyA;
        info.partyB = c.partyB;
        info.depositA = c.depositA;
        info.depositB = c.depositB;
        info.bounty = c.bounty;
        info.challengePeriod = c.challengePeriod;
        info.nonce = c.nonce;
        info.deadline = c.deadline;
        info.status = c.status;
        if (c.status == Status.Closing) {
            info.closer = c.closedByA ? c.partyA : c.partyB;
            info.closingBalanceA = c.closingBalanceA;
            info.closingBalanceB = uint256(c.depositA) + c.depositB - c.closingBalanceA;
            info.bountyTo = c.bountyTo;
        }
    }

    function withdrawable(address account) external view returns (uint256) {
        uint256 raw = credits[account];
        return raw == 0 ? 0 : raw - 1;
    }

    function domainSeparator() public view returns (bytes32) {
        return block.chainid == cachedChainId ? cachedDomainSeparator : buildDomainSeparator();
    }

    // ---------------------------------------------------------------------------------------
    // Internals

    function requireStatus(Channel storage c, bytes32 channelId, Status wanted) private view {
        Status status = c.status;
        if (status == wanted) return;
        if (status == Status.None) revert UnknownChannel(channelId);
        if (wanted == Status.Open) revert ChannelNotOpen(channelId, status);
        revert ChannelNotClosing(channelId, status);
    }

    /// Party A's share of a state, after checking the balances against the deposits. A state
    /// signed before later deposits sums to an earlier total; those deposits go to their makers.
    function resolveBalanceA(Channel storage c, State calldata s) private view returns (uint256) {
        uint256 depositA = c.depositA;
        uint256 total = depositA + c.depositB;
        if (s.balanceA > total || s.balanceB > total) {
            revert BalancesDoNotMatchDeposits(
                s.balanceA > total ? s.balanceA : s.balanceB, total
            );
        }
        uint256 sum = s.balanceA + s.balanceB;
        if (sum == total) return s.balanceA;
        uint256 then = depositAAtTotal[s.channelId][sum];
        if (then == 0) revert BalancesDoNotMatchDeposits(sum, total);
        return s.balanceA + (depositA - (then - 1));
    }

    function requireCoSigned(
        Channel storage c,
        bytes32 typeHash,
        State calldata s,
        bytes calldata sigA,
        bytes calldata sigB
    ) private view {
        bytes32 d = digest(keccak256(abi.encode(typeHash, s.channelId, s.nonce, s.balanceA, s.balanceB)));
        address signerA = recover(d, sigA);
        if (signerA != c.partyA) revert WrongSigner(c.partyA, signerA);
        address signerB = recover(d, sigB);
        if (signerB != c.partyB) revert WrongSigner(c.partyB, signerB);
    }

    function finish(Channel storage c) private {
        c.status = Status.Closed;
        c.partyA = address(0);
        c.depositA = 0;
        c.partyB = address(0);
        c.depositB = 0;
        c.closingBalanceA = 0;
        c.bountyTo = address(0);
    }

    function credit(address account, uint256 amount) private {
        if (amount == 0) return;
        uint256 raw = credits[account];
        credits[account] = (raw == 0 ? 1 : raw) + amount;
    }

    function digest(bytes32 structHash) private view returns (bytes32) {
        return keccak256(abi.encodePacked("\x19\x01", domainSeparator(), structHash));
    }

    function buildDomainSeparator() private view returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_TYPEHASH, NAME_HASH, VERSION_HASH, block.chainid, address(this)));
    }

    function recover(bytes32 d, bytes calldata sig) private pure returns (address) {
        if (sig.length != 65) revert MalformedSignature();
        bytes32 r = bytes32(sig[0:32]);
        bytes32 s = bytes32(sig[32:64]);
        uint8 v = uint8(sig[64]);
        if (v < 27) v += 27;
        if (uint256(s) > HALF_ORDER || (v != 27 && v != 28)) revert MalformedSignature();
        return ecrecover(d, v, r, s);
    }

    /// Like recover, but a malformed signature yields the zero address instead of reverting.
    function tryRecover(bytes32 d, bytes calldata sig) private pure returns (address) {
        if (sig.length != 65) return address(0);
        bytes32 r = bytes32(sig[0:32]);
        bytes32 s = bytes32(sig[32:64]);
        uint8 v = uint8(sig[64]);
        if (v < 27) v += 27;
        if (uint256(s) > HALF_ORDER || (v != 27 && v != 28)) return address(0);
        return ecrecover(d, v, r, s);
    }
}
