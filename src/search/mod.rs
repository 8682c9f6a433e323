//! Temporary: replaced by the search index stage.
pub struct SearchDoc<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    pub body: &'a str,
    pub url: &'a str,
    pub date: &'a str,
    pub series: Option<&'a str>,
    pub series_title: Option<&'a str>,
    pub number: Option<u64>,
    pub language: &'a str,
    pub facets: Vec<(&'a str, Vec<(&'a str, &'a str)>)>,
}
#[derive(Debug, Clone, Copy, Default)]
pub struct IndexStats {
    pub documents: usize,
    pub terms: usize,
    pub files: usize,
    pub bytes: u64,
}
pub fn write_index(docs: &[SearchDoc<'_>], dir: &std::path::Path) -> std::io::Result<IndexStats> {
    std::fs::create_dir_all(dir)?;
    Ok(IndexStats {
        documents: docs.len(),
        ..Default::default()
    })
}
