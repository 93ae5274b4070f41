//! A native benchmark of the core, beside the wasm one of `make bench`: the same webhook
//! fixtures parsed and their events written as the JSON arrays of their values (the same
//! values `parseWebhook` writes as slots in wasm before the hand-over; natively the slot writer
//! also records each name for the tests' reader, which would skew its figure), and, given a file of send bodies,
//! their validation and the reading of their JSON tree alone. Each figure is the median of 15
//! rounds of at least 50 ms.
//!
//! `cargo run --release --example core_bench [send-bodies.json]`, where the file is a JSON array
//! of `{ "channel": "instagram" | "messenger", "body": {...} }` (bench/ab.mjs `--dump-bodies`
//! writes the bench's own).

use std::time::Instant;

use chatt2me_wasm::send::{check_json, Channel};
use chatt2me_wasm::webhook;

fn median_ns(mut per_item: impl FnMut() -> usize) -> f64 {
    let mut rounds = Vec::new();
    for _ in 0..15 {
        let start = Instant::now();
        let mut items = 0usize;
        while start.elapsed().as_millis() < 50 {
            items += per_item();
        }
        rounds.push(start.elapsed().as_nanos() as f64 / items as f64);
    }
    rounds.sort_by(f64::total_cmp);
    rounds.get(rounds.len() / 2).copied().unwrap_or(f64::NAN)
}

fn fixtures() -> Vec<String> {
    let mut files = Vec::new();
    for dir in ["chatt2me", "chatt2me/superseded", "chatt2me-site/webhooks"] {
        let path = format!("{}/tests/fixtures/{dir}", env!("CARGO_MANIFEST_DIR"));
        let Ok(entries) = std::fs::read_dir(&path) else {
            continue;
        };
        let mut names: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        names.retain(|p| p.extension().is_some_and(|x| x == "json"));
        names.sort();
        files.extend(names);
    }
    files
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .filter_map(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .map(|v| v.to_string())
        .collect()
}

fn main() {
    let bodies = fixtures();
    let bytes: usize = bodies.iter().map(String::len).sum();
    println!(
        "{} webhook bodies, {} bytes on average",
        bodies.len(),
        bytes / bodies.len().max(1)
    );
    let mut out = Vec::with_capacity(4096);
    let parse = median_ns(|| {
        for b in &bodies {
            let events = webhook::parse_all(b.as_bytes(), usize::MAX).unwrap_or_default();
            std::hint::black_box(&events);
        }
        bodies.len()
    });
    let write = median_ns(|| {
        for b in &bodies {
            for e in webhook::parse_all(b.as_bytes(), usize::MAX).unwrap_or_default() {
                out.clear();
                let _ = webhook::write_values(&e, &mut out);
                std::hint::black_box(&out);
            }
        }
        bodies.len()
    });
    let scan = median_ns(|| {
        for b in &bodies {
            std::hint::black_box(serde_json::from_str::<serde::de::IgnoredAny>(b).is_ok());
        }
        bodies.len()
    });
    let tree = median_ns(|| {
        for b in &bodies {
            std::hint::black_box(serde_json::from_str::<chatt2me_wasm::json::Value<'_>>(b).is_ok());
        }
        bodies.len()
    });
    println!("serde_json scan only  {scan:8.0} ns per body (IgnoredAny: the least a parse with serde_json reads)");
    println!("the crate's JSON tree {tree:8.0} ns per body (every value, borrowed)");
    println!("parse                 {parse:8.0} ns per body");
    println!("parse + events' values{write:8.0} ns per body");
    let Some(path) = std::env::args().nth(1) else {
        return;
    };
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("no send bodies at {path}");
        return;
    };
    let list: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap_or_default();
    let sends: Vec<(Channel, String)> = list
        .iter()
        .map(|item| {
            let channel = match item["channel"].as_str() {
                Some("messenger") => Channel::Messenger,
                _ => Channel::Instagram,
            };
            (channel, item["body"].to_string())
        })
        .collect();
    let check = median_ns(|| {
        for (channel, body) in &sends {
            std::hint::black_box(check_json(*channel, body).is_ok());
        }
        sends.len()
    });
    println!(
        "{} send bodies: check_json {check:8.0} ns per body",
        sends.len()
    );
    let tree = median_ns(|| {
        for (_, body) in &sends {
            std::hint::black_box(chatt2me_wasm::json::from_str(body).is_ok());
        }
        sends.len()
    });
    println!(
        "{} send bodies: the tree alone {tree:5.0} ns per body",
        sends.len()
    );
}
