package io.vigil.core.api.channel;

/**
 * A channel state as a client sends it, every field as sent so a refusal can name it: {@code
 * channelId} as 0x hex, {@code nonce}, {@code balanceA} and {@code balanceB} as decimal strings. A
 * JSON number is still accepted for each number (older clients send the nonce as one); it arrives
 * here as its decimal text. {@link StateFields#state} parses it.
 */
public record StateForm(String channelId, String nonce, String balanceA, String balanceB) {}
