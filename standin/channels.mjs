// The channels the stand-in knows, i.e. the valid `from` values of each send endpoint.

/** The default channels: one Instagram account and one Messenger Page. */
export const DEFAULT_CHANNELS = Object.freeze([
  Object.freeze({ kind: 'instagram', id: '6cbd6789-1d2b-47e0-9391-5eb91d2839ea', username: 'chatt2me_demo' }),
  Object.freeze({ kind: 'messenger', id: '0b1c2d3e-4f50-4617-8899-aabbccddeeff', pageId: '847421668462669' }),
]);

/**
 * The channel of `kind` that `from` names, or undefined. `from` may be the channel UUID (any
 * case) or the channel's alternate identifier (docs site, "Sending messages"): on Instagram the
 * username with or without '@' (usernames are case-insensitive), on Messenger the Page ID.
 */
export function findChannel(channels, kind, from) {
  const wanted = from.toLowerCase();
  return channels.find((channel) => {
    if (channel.kind !== kind) return false;
    if (channel.id.toLowerCase() === wanted) return true;
    if (kind === 'instagram' && channel.username) {
      return wanted.replace(/^@/, '') === channel.username.replace(/^@/, '').toLowerCase();
    }
    if (kind === 'messenger' && channel.pageId) return from === channel.pageId;
    return false;
  });
}
