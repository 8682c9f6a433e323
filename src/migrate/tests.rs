//! The tables of foreign names, and taxonomies written Hugo's way.

use super::*;

#[test]
fn foreign_keys_are_found_in_any_case() {
    let (help, meant) = front_matter_key("lastmod").unwrap();
    assert_eq!(help, "annals calls this `updated`: rename the key");
    assert_eq!(meant, Some("updated"));
    assert_eq!(front_matter_key("Description").unwrap().1, Some("summary"));
    let (help, meant) = front_matter_key("expirydate").unwrap();
    assert!(
        help.starts_with("annals cannot unpublish by date"),
        "{help}"
    );
    assert_eq!(meant, None);
    assert!(front_matter_key("sumary").is_none());
    assert_eq!(
        config_key("baseurl").as_deref(),
        Some("annals calls this `base_url`: rename the key")
    );
    assert!(config_key("paginate").is_none());
}

#[test]
fn a_hugo_taxonomy_is_shown_as_annals_writes_it() {
    let help = taxonomy_entry("region", &serde_json::json!("regions"));
    assert!(
        help.contains("write `regions: { title: Regions }`"),
        "{help}"
    );
    let help = taxonomy_entry("people", &serde_json::json!(true));
    assert!(help.contains("write `people: { title: People }`"), "{help}");
}
