//! The native Rust side of chatt2me-wasm, with no wasm and no network: validate a send body,
//! build the HTTP request of a send and read its answer (sans-IO: perform it with any client),
//! then sign, verify and parse a webhook.
//!
//! Run: `cargo run --example quickstart`

use chatt2me_wasm::request::{self, Outcome, ResponseMeta};
use chatt2me_wasm::webhook::{self, signature, VerifyOptions, WebhookEvent};
use chatt2me_wasm::{send, Channel, Error};

const CHANNEL_ID: &str = "6cbd6789-1d2b-47e0-9391-5eb91d2839ea";

fn main() -> Result<(), Error> {
    // 1. Validation: every issue at once, by field path.
    let bad = serde_json::json!({ "from": CHANNEL_ID, "to": "847495124317323", "content": { "text": "", "quickReplies": [] } });
    for issue in send::validate(Channel::Instagram, &bad) {
        println!(
            "issue  {:<22} {:<14} {}",
            issue.path,
            issue.code.as_str(),
            issue.message
        );
    }

    // 2. The request of a send, as data: method, URL, headers, the body exactly as given.
    let body =
        format!(r#"{{"from":"{CHANNEL_ID}","to":"847495124317323","content":{{"text":"Hi!"}}}}"#);
    let api_key = std::env::var("CHATT2ME_API_KEY").unwrap_or_else(|_| "sk_test_example".into());
    let http = request::send_request(
        request::DEFAULT_BASE_URL,
        &api_key,
        Channel::Instagram,
        &body,
    )?;
    println!("\n{} {}\n{:?}", http.method, http.url, http); // Debug shows the key as [redacted]

    // 3. Its answer (here, the one the Hub documents), read into a result or a typed failure,
    //    with the retry decision: a send is repeated only when the Hub certainly did not act.
    let meta = ResponseMeta {
        status: 200,
        ..ResponseMeta::default()
    };
    let answer = r#"{"messageId":"aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDA","recipientId":"847495124317323","type":"Text"}"#;
    let now_ms = 1_766_000_000_000.0;
    match request::attempt_outcome(&meta, answer, now_ms, now_ms + 30_000.0, 1, 2, 0.5) {
        Outcome::Sent(result) => println!("\nsent   messageId {:?}", result.message_id),
        Outcome::Failed {
            failure,
            retry_in_ms,
        } => {
            println!(
                "\nfailed {} {} (retry in {retry_in_ms:?} ms)",
                failure.code, failure.message
            )
        }
    }

    // 4. A webhook: sign it as the Hub does (for tests), verify the raw body, parse the event.
    let secret = b"whsec_example";
    let delivery = br#"{"eventType":"Message","channel":"instagram","channelId":"6cbd6789-1d2b-47e0-9391-5eb91d2839ea","messageId":"m_1","from":"847495124317323","timestamp":"2026-12-07T12:00:00Z","content":{"type":"text","text":"Hello!"}}"#;
    let t = 1_796_000_000;
    let header = signature::sign(secret, t, delivery);
    let options = VerifyOptions {
        tolerance_seconds: 300,
        now_seconds: t,
        max_bytes: webhook::DEFAULT_MAX_BYTES,
    };
    for event in webhook::verify_all(delivery, Some(&header), &[secret], options)? {
        let common = event.common();
        println!(
            "\nevent  {} on {:?} from {:?}",
            event.kind(),
            common.channel,
            common.from
        );
        if let WebhookEvent::Message { .. } = event {
            println!(
                "json   {}",
                serde_json::to_string(&event).unwrap_or_default()
            );
        }
    }
    // A forged signature is a typed error, never an event.
    let forged = signature::sign(b"not the secret", t, delivery);
    let refused = webhook::verify_all(delivery, Some(&forged), &[secret], options);
    println!("forged {:?}", refused.err().map(|e| e.code()));
    Ok(())
}
