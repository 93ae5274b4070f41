// The send bodies of the build + validate benchmark: one valid body of every kind on both
// channels (both content models), and a few invalid ones of the kinds users get wrong.

export const IG = '6cbd6789-1d2b-47e0-9391-5eb91d2839ea';
export const MS = '0b1c2d3e-4f50-4617-8899-aabbccddeeff';
export const IGSID = '847495124317323';
export const PSID = '26203292189261166';

const url = (name) => `https://example.com/${name}`;

export const KINDS = {
  text: { text: 'Hello from chatt2me!' },
  'text with emoji and accents': { text: 'Olá 👋 ça va ? 你好' },
  'quick replies': {
    text: 'Como posso ajudar?',
    quick_replies: [
      { content_type: 'text', title: 'Suporte', payload: 'SUPORTE' },
      { content_type: 'text', title: 'Vendas', payload: 'VENDAS' },
      { content_type: 'user_phone_number' },
      { content_type: 'user_email' },
    ],
  },
  'image by url': { attachment: { type: 'image', payload: { url: url('a.jpg') } } },
  'image by attachment_id': { attachment: { type: 'image', payload: { attachment_id: '1234567890' } } },
  audio: { attachment: { type: 'audio', payload: { url: url('a.mp3') } } },
  video: { attachment: { type: 'video', payload: { url: url('a.mp4'), is_reusable: true } } },
  file: { attachment: { type: 'file', payload: { url: url('a.pdf') } } },
  'like_heart sticker': { attachment: { type: 'like_heart' } },
  MEDIA_SHARE: { attachment: { type: 'MEDIA_SHARE', payload: { id: '17895695668004550' } } },
  'attachments[] of images': { attachments: [1, 2, 3].map((n) => ({ type: 'image', payload: { url: url(`${n}.jpg`) } })) },
  'button template': {
    attachment: {
      type: 'template',
      payload: {
        template_type: 'button',
        text: 'Tap a button',
        buttons: [
          { type: 'web_url', url: 'https://www.messenger.com', title: 'Abrir' },
          { type: 'postback', title: 'Falar com suporte', payload: 'SUPORTE' },
        ],
      },
    },
  },
  'generic template': {
    attachment: {
      type: 'template',
      payload: {
        template_type: 'generic',
        sharable: false,
        image_aspect_ratio: 'square',
        elements: [
          {
            title: 'Card 1',
            image_url: url('c1.jpg'),
            default_action: { type: 'web_url', url: 'https://example.com/' },
            buttons: [{ type: 'postback', title: 'Select', payload: 'CARD1' }],
            subtitle: 'Subtitle 1',
          },
          { title: 'Card 2', image_url: url('c2.jpg'), subtitle: 'Subtitle 2' },
        ],
      },
    },
  },
  typing_on: { sender_action: 'typing_on' },
  mark_seen: { sender_action: 'mark_seen' },
  react: { sender_action: 'react', payload: { message_id: 'aWdfZAG1faXRlbToxOklHTWVzc2FnZA', reaction: 'love' } },
  'react with an emoji': { sender_action: 'react', payload: { message_id: 'aWdfZAG1faXRlbToxOklHTWVzc2FnZA', reaction: '❤️' } },
  unreact: { sender_action: 'unreact', payload: { message_id: 'aWdfZAG1faXRlbToxOklHTWVzc2FnZA' } },
  'Hub imageUrl + caption': { imageUrl: 'https://example.com/image.jpg', text: 'Optional caption' },
  'Hub videoUrl': { videoUrl: url('v.mp4') },
  'Hub audioUrl': { audioUrl: url('a.mp3') },
  'interactive button': {
    interactive: {
      type: 'button',
      body: { text: 'How can I help you?' },
      action: {
        buttons: [
          { type: 'reply', reply: { id: 'SUPPORT', title: 'Support' } },
          { type: 'reply', reply: { id: 'SALES', title: 'Sales' } },
          { type: 'reply', reply: { id: 'OTHER', title: 'Other' } },
        ],
      },
    },
  },
  'interactive list': {
    interactive: {
      type: 'list',
      body: { text: 'Choose one' },
      action: { button: 'Options', sections: [{ title: 'Plans', rows: [{ id: 'basic', title: 'Basic', description: 'The basic plan' }, { id: 'pro', title: 'Pro' }] }] },
    },
  },
  'interactive cta_url': {
    interactive: { type: 'cta_url', body: { text: 'See the catalogue' }, action: { name: 'cta_url', parameters: { display_text: 'Open', url: 'https://example.com/catalogue' } } },
  },
};
const INSTAGRAM_ONLY = new Set(['like_heart sticker', 'MEDIA_SHARE']);

/** Invalid bodies: [name, channel, body]. */
const INVALID = [
  ['unknown key (camelCase quick replies)', 'instagram', { from: IG, to: IGSID, content: { text: 'pick one', quickReplies: [] } }],
  ['text over 1000 UTF-8 bytes', 'instagram', { from: IG, to: IGSID, content: { text: 'é'.repeat(501) } }],
  ['http image URL', 'instagram', { from: IG, to: IGSID, content: { attachment: { type: 'image', payload: { url: 'http://example.com/a.jpg' } } } }],
  ['two content models mixed', 'messenger', { from: MS, to: PSID, content: { imageUrl: url('a.jpg'), attachment: { type: 'image', payload: { url: url('a.jpg') } } } }],
  ['quick reply title over 20', 'messenger', { from: MS, to: PSID, content: { text: 'x', quick_replies: [{ content_type: 'text', title: 'A title of 24 characters', payload: 'X' }] } }],
  ['like_heart on Messenger', 'messenger', { from: MS, to: PSID, content: { attachment: { type: 'like_heart' } } }],
  ['bad from, to with a space', 'instagram', { from: 'not a uuid!', to: 'has space', content: { text: 'hi' } }],
  ['four reply buttons', 'messenger', {
    from: MS, to: PSID,
    content: { interactive: { type: 'button', body: { text: 'b' }, action: { buttons: ['A', 'B', 'C', 'D'].map((id) => ({ type: 'reply', reply: { id, title: id } })) } } },
  }],
];

/** [{ name, channel, body, valid }] in a fixed order: every valid kind on both channels, then the invalid ones. */
export function sendBodies() {
  const out = [];
  for (const channel of ['instagram', 'messenger']) {
    const [from, to] = channel === 'instagram' ? [IG, IGSID] : [MS, PSID];
    for (const [kind, content] of Object.entries(KINDS)) {
      if (channel === 'messenger' && INSTAGRAM_ONLY.has(kind)) continue;
      out.push({ name: `${channel}: ${kind}`, channel, body: { from, to, content }, valid: true });
    }
  }
  for (const [name, channel, body] of INVALID) out.push({ name: `${channel}: invalid, ${name}`, channel, body, valid: false });
  return out;
}

/** A send body for the send-overhead benchmark. */
export const SEND_BODY = { from: IG, to: IGSID, content: { text: 'Hello from chatt2me!' } };
