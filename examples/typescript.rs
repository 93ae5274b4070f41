//! Prints the TypeScript declarations of the types that cross to JS (events, issues, send
//! results, webhooks and their logs), generated from the Rust types by tsify. `scripts/build.sh` appends them to the
//! package's declarations: `cargo run --example typescript --features typescript`.
//!
//! With `-- builders`, prints instead the JS module that builds each webhook event and a send's
//! result from the array of its values, generated from the same types (`src/shapes.rs`), which
//! `scripts/build.sh` bundles into the package.

use chatt2me_wasm::error::{Issue, IssueCode};
use chatt2me_wasm::manage::answer::*;
use chatt2me_wasm::request::SendResult;
use chatt2me_wasm::webhook::event::*;
use tsify::Tsify;

fn main() {
    if std::env::args().nth(1).as_deref() == Some("builders") {
        builders();
        return;
    }
    let declarations = [
        Common::DECL,
        Attachment::DECL,
        ReplyTo::DECL,
        MessageEvent::DECL,
        StatusEvent::DECL,
        StatusError::DECL,
        ReactionEvent::DECL,
        Reaction::DECL,
        ReactionAction::DECL,
        PostbackEvent::DECL,
        Postback::DECL,
        ReferralEvent::DECL,
        DeliveryEvent::DECL,
        Delivery::DECL,
        OptinEvent::DECL,
        Optin::DECL,
        HandoverEvent::DECL,
        Handover::DECL,
        HandoverAction::DECL,
        AccountLinkingEvent::DECL,
        AccountLinking::DECL,
        OtherEvent::DECL,
        WebhookEvent::DECL,
        MessageContent::DECL,
        Media::DECL,
        QuickReplyOption::DECL,
        InteractiveReply::DECL,
        TemplateButton::DECL,
        IssueCode::DECL,
        Issue::DECL,
        SendResult::DECL,
        Webhook::DECL,
        Pagination::DECL,
        WebhookPage::DECL,
        LogWebhook::DECL,
        WebhookLog::DECL,
        WebhookLogPage::DECL,
        RetriedLog::DECL,
        RetriedLogResult::DECL,
        RetriedLogs::DECL,
    ];
    for decl in declarations {
        println!("{decl}\n");
    }
}

/// Prints the builders' module; exits non-zero (failing the build) when a shape's keys and
/// values disagree, or when an event type the declarations name has no builder.
fn builders() {
    let checked = chatt2me_wasm::shapes::builders_js().and_then(|js| {
        // The types of `WebhookEvent`'s declaration: `({ type: "message" } & MessageEvent) | ...`.
        let declared: Vec<&str> = WebhookEvent::DECL
            .split("{ type: \"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        match declared
            .iter()
            .find(|t| !js.contains(&format!("\n  \"{t}\": (t, n) =>")))
        {
            _ if declared.is_empty() => {
                Err(String::from("no event type found in the declarations"))
            }
            Some(missing) => Err(format!("the event type {missing:?} has no builder")),
            None => Ok(js),
        }
    });
    match checked {
        Ok(js) => print!("{js}"),
        Err(why) => {
            eprintln!("examples/typescript.rs: {why}");
            std::process::exit(1);
        }
    }
}
