// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {ChannelHub} from "ChannelHub.sol";

/// @notice Test-only channel party that tries to withdraw again from inside the hub's payment.
/// It records what the re-entrant call did so a test can assert that it got nothing.
contract ReentrantReceiver {
    ChannelHub private immutable hub;

    uint256 public reentryAttempts;
    bool public reentrySucceeded;
    bytes public reentryError;
    uint256 public received;
    bool public rejectPayments;

    constructor(ChannelHub target) {
        hub = target;
    }

    function openChannel(address partner, uint64 challengePeriod) external payable returns (bytes32) {
        return hub.open{value: msg.value}(partner, challengePeriod, 0);
    }

    function closeWithOpeningState(bytes32 channelId, uint256 balanceA, uint256 balanceB) external {
        hub.close(ChannelHub.State(channelId, 0, balanceA, balanceB), "", "");
    }

    function setRejectPayments(bool reject) external {
        rejectPayments = reject;
    }

    function withdraw() external {
        hub.withdraw();
    }

    receive() external payable {
        require(!rejectPayments, "payments rejected");
        received += msg.value;
        if (msg.sender == address(hub) && reentryAttempts == 0) {
            reentryAttempts++;
            try hub.withdraw() {
                reentrySucceeded = true;
            } catch (bytes memory reason) {
                reentryError = reason;
            }
        }
    }
}
