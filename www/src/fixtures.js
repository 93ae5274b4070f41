// Webhook bodies from the vendor docs (tests/fixtures), imported as raw text so their bytes
// (and their signatures, once signed) are exactly what a receiver would get.
import instagramText from "../../tests/fixtures/chatt2me/instagram-text.json?raw";
import instagramQuickReply from "../../tests/fixtures/chatt2me/instagram-quick-reply.json?raw";
import instagramImage from "../../tests/fixtures/chatt2me/instagram-image.json?raw";
import instagramTemplate from "../../tests/fixtures/chatt2me/instagram-template-button.json?raw";
import instagramReact from "../../tests/fixtures/chatt2me/instagram-react.json?raw";
import messengerEcho from "../../tests/fixtures/chatt2me/messenger-echo-text.json?raw";
import hubInbound from "../../tests/fixtures/chatt2me-site/webhooks/message-text-whatsapp.json?raw";
import hubInteractive from "../../tests/fixtures/chatt2me-site/webhooks/message-interactive-button-reply-whatsapp.json?raw";

/** [id, label, body]: shown as buttons above the webhook editor. */
export const WEBHOOK_FIXTURES = [
  ["instagram-text", "Instagram text", instagramText],
  ["instagram-quick-reply", "Quick replies", instagramQuickReply],
  ["instagram-image", "Image", instagramImage],
  ["instagram-template-button", "Button template", instagramTemplate],
  ["instagram-react", "Reaction", instagramReact],
  ["messenger-echo-text", "Messenger echo", messengerEcho],
  ["message-text", "Hub inbound text", hubInbound],
  ["message-interactive", "Hub button reply", hubInteractive],
];
