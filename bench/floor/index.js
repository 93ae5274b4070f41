// The cold-start floor: what importing any ESM package and parsing a webhook costs at the least.
export function parseWebhook(text) {
  return JSON.parse(text);
}
