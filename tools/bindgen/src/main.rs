//! `chatt2me-bindgen <input.wasm> <out-dir> <out-name>`: the JS glue and the processed module,
//! as `wasm-bindgen --target web --omit-default-module-path --out-name <out-name>` writes them.
//!
//! The wasm-bindgen CLI is this library plus a test runner, an HTTP server and TLS; compiling
//! all of that to call one function made a fresh clone's first build three times slower.

use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, out_dir, out_name] = args.as_slice() else {
        eprintln!("usage: chatt2me-bindgen <input.wasm> <out-dir> <out-name>");
        return ExitCode::from(2);
    };
    match run(input, Path::new(out_dir), out_name) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("chatt2me-bindgen: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(input: &str, out_dir: &Path, out_name: &str) -> Result<(), Box<dyn std::error::Error>> {
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(input)
        .out_name(out_name)
        .omit_default_module_path(true)
        .web(true)?
        .generate(out_dir)?;
    let glue = out_dir.join(format!("{out_name}.js"));
    let text = std::fs::read_to_string(&glue)?;
    std::fs::write(&glue, one_import_per_module(&text))?;
    Ok(())
}

/// wasm-bindgen imports a `raw_module` once per import section that names it, and lists each
/// namespace in the instance's import object under the same key: the same module twice, and a
/// duplicate object key that every bundler warns about. The first import of a module is kept and
/// the repeats are dropped (they are the same namespace object).
fn one_import_per_module(glue: &str) -> String {
    let mut first: HashMap<&str, &str> = HashMap::new();
    let mut repeats: Vec<(&str, &str)> = Vec::new();
    for line in glue.lines() {
        let Some(rest) = line.strip_prefix("import * as ") else {
            continue;
        };
        let Some((alias, module)) = rest.split_once(" from ") else {
            continue;
        };
        let module = module.trim_end_matches(';');
        if first.contains_key(module) {
            repeats.push((alias, module));
        } else {
            first.insert(module, alias);
        }
    }
    let dropped = |line: &str| {
        let trimmed = line.trim().trim_end_matches(';').trim_end_matches(',');
        repeats.iter().any(|(alias, module)| {
            trimmed == format!("import * as {alias} from {module}")
                || trimmed == format!("{module}: {alias}")
        })
    };
    let mut out = String::with_capacity(glue.len());
    for line in glue.split_inclusive('\n') {
        if !dropped(line) {
            out.push_str(line);
        }
    }
    out
}
