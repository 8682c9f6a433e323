//! Indexes a benchmark corpus's dispatches with tantivy, as annals'
//! search index does them: title, summary and body, words stemmed, with
//! positions (for phrases), nothing stored. `scripts/bench --tantivy`
//! times it, to set annals' index cost next to a mainstream engine's.
//!
//! Usage: tantivy-reference CONTENT_DIR OUTPUT_DIR [THREADS]

use std::path::Path;
use std::process::ExitCode;

use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::{Index, IndexWriter, TantivyDocument};

/// Front matter's `title:` and `summary:` values (quotes dropped) and the
/// body after it: enough for the generated corpus, whose values are one
/// quoted line each.
fn fields(text: &str) -> (String, String, &str) {
    let mut parts = text.splitn(3, "---\n");
    let (_, front, body) = (
        parts.next(),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
    );
    let value = |key: &str| {
        front
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .map(|v| v.trim().trim_matches('"').to_string())
            .unwrap_or_default()
    };
    (value("title:"), value("summary:"), body)
}

fn run(content: &Path, out: &Path, threads: usize) -> tantivy::Result<usize> {
    let mut schema = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("en_stem")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let title = schema.add_text_field("title", text.clone());
    let summary = schema.add_text_field("summary", text.clone());
    let body = schema.add_text_field("body", text);
    let index = Index::create_in_dir(out, schema.build())?;
    let mut writer: IndexWriter = index.writer_with_num_threads(threads, 1 << 30)?;
    let mut docs = 0;
    for entry in walkdir::WalkDir::new(content).sort_by_file_name() {
        let entry = entry.map_err(|e| tantivy::TantivyError::SystemError(e.to_string()))?;
        if entry.path().extension().is_none_or(|x| x != "md") {
            continue;
        }
        let source = std::fs::read_to_string(entry.path())?;
        let (t, s, b) = fields(&source);
        let mut doc = TantivyDocument::default();
        doc.add_text(title, &t);
        doc.add_text(summary, &s);
        doc.add_text(body, b);
        writer.add_document(doc)?;
        docs += 1;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(docs)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (Some(content), Some(out)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: tantivy-reference CONTENT_DIR OUTPUT_DIR [THREADS]");
        return ExitCode::from(2);
    };
    let threads = args.get(3).and_then(|t| t.parse().ok()).unwrap_or(2);
    let out = Path::new(out);
    if let Err(e) = std::fs::create_dir_all(out) {
        eprintln!("{}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    match run(Path::new(content), out, threads) {
        Ok(docs) => {
            println!("{docs} documents");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("tantivy: {e}");
            ExitCode::FAILURE
        }
    }
}
