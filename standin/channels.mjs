// The channels the stand-in knows, i.e. the valid `from` values of each send endpoint.

/**
 * The default channels: one of each kind. `kind` is the channel's name in webhook events
 * (`channel`); Web Chatt's is not documented, and the stand-in says `webchatt`.
 */
export const DEFAULT_CHANNELS = Object.freeze([
  Object.freeze({ kind: 'instagram', id: '6cbd6789-1d2b-47e0-9391-5eb91d2839ea', username: 'chatt2me_demo' }),
  Object.freeze({ kind: 'messenger', id: '0b1c2d3e-4f50-4617-8899-aabbccddeeff', pageId: '847421668462669' }),
  Object.freeze({ kind: 'whatsapp', id: '3f1c2a5e-7b8d-4e6f-9a0b-1c2d3e4f5a6b', phoneNumber: '5511912345678' }),
  Object.freeze({ kind: 'telegram', id: '7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a', botUsername: 'chatt2me_demo_bot' }),
  Object.freeze({ kind: 'sms', id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', phoneNumber: '+12025550100' }),
  Object.freeze({ kind: 'webchatt', id: 'c0ffee00-1234-4abc-8def-0123456789ab' }),
]);

/** The route segment of each kind's send endpoint (`/v1/communication/<segment>/message`). */
export const ROUTES = Object.freeze({
  instagram: 'instagram',
  messenger: 'messenger',
  whatsapp: 'whatsapp',
  telegram: 'telegram',
  sms: 'sms',
  webchatt: 'web-chatt2me',
});

/** Visitors with an active Web Chatt widget session at start (and after a reset). */
export const DEFAULT_WEB_CHATT_VISITORS = Object.freeze(['visitor-1f2e3d4c']);

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
    // WhatsApp and SMS: the phone number with or without '+'; Telegram: the bot username with or
    // without '@' (usernames are case-insensitive). Web Chatt: the UUID only.
    if ((kind === 'whatsapp' || kind === 'sms') && channel.phoneNumber) {
      return from.replace(/^\+/, '') === channel.phoneNumber.replace(/^\+/, '');
    }
    if (kind === 'telegram' && channel.botUsername) {
      return wanted.replace(/^@/, '') === channel.botUsername.toLowerCase();
    }
    return false;
  });
}
