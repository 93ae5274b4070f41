// Node.js code bundled into one file (esbuild --bundle --platform=node), as serverless
// deployments do. The package's node entry reads the .wasm next to itself, so the recipe is:
// copy node_modules/chatt2me-wasm/chatt2me_wasm_bg.wasm next to the bundle.
import {
  ApiError,
  Chatt2me,
  Chatt2meError,
  SignatureError,
  ValidationError,
  WebhookError,
  buildInstagramMessage,
  buildWhatsAppMessage,
  createWebhookHandler,
  isChatt2meError,
  replyTarget,
  signWebhook,
  validateInstagramMessage,
  verifyWebhook,
} from "chatt2me-wasm";
import { smoke } from "./smoke.mjs";

const lib = {
  ApiError,
  Chatt2me,
  Chatt2meError,
  SignatureError,
  ValidationError,
  WebhookError,
  buildInstagramMessage,
  buildWhatsAppMessage,
  createWebhookHandler,
  isChatt2meError,
  replyTarget,
  signWebhook,
  validateInstagramMessage,
  verifyWebhook,
};

const result = await smoke(lib, JSON.parse(process.env.SMOKE_CONFIG));
console.log(`SMOKE_RESULT ${JSON.stringify(result)}`);
