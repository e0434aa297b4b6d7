//! Tests of the watcher: which file-system events are changes to the site, and the names of its root.

use super::*;

#[test]
fn reading_a_file_is_not_a_change() {
    use notify_debouncer_full::notify::event::{AccessKind, CreateKind, DataChange, MetadataKind};
    assert!(!is_change(&EventKind::Access(AccessKind::Any)));
    assert!(!is_change(&EventKind::Modify(ModifyKind::Metadata(
        MetadataKind::AccessTime
    ))));
    assert!(is_change(&EventKind::Modify(ModifyKind::Data(
        DataChange::Any
    ))));
    assert!(is_change(&EventKind::Create(CreateKind::File)));
}

#[test]
fn classifies_changes() {
    let roots = Roots::new(Path::new("/site"), Path::new("/site/public"));
    let set = |ps: &[&str]| ps.iter().map(PathBuf::from).collect::<BTreeSet<_>>();
    let classify = |ps: &[&str]| classify(&roots, &set(ps));
    assert_eq!(classify(&["/site/public/index.html"]), Work::Nothing);
    assert_eq!(
        classify(&["/site/incidents/.a.md.swp", "/site/incidents/a.md~"]),
        Work::Nothing
    );
    assert_eq!(
        classify(&["/site/incidents/a.md", "/site/incidents/b.md"]),
        Work::Incidents(vec!["incidents/a.md".into(), "incidents/b.md".into()])
    );
    assert_eq!(
        classify(&["/site/incidents/a.md", "/site/bulletin.yaml"]),
        Work::Everything
    );
    assert_eq!(classify(&["/site/templates/index.html"]), Work::Everything);
}

#[test]
fn every_name_of_the_root_is_understood() {
    // `--root /link` where /link → /real, and incidents/ → /real/data/incidents.
    let roots = Roots {
        canonical: PathBuf::from("/real"),
        given: PathBuf::from("/link"),
        incidents_target: Some(PathBuf::from("/real/data/incidents")),
        output: Some(PathBuf::from("public")),
    };
    let set = |ps: &[&str]| ps.iter().map(PathBuf::from).collect::<BTreeSet<_>>();
    assert_eq!(
        classify(
            &roots,
            &set(&["/link/incidents/a.md", "/real/incidents/b.md"])
        ),
        Work::Incidents(vec!["incidents/a.md".into(), "incidents/b.md".into()])
    );
    assert_eq!(
        classify(&roots, &set(&["/real/data/incidents/c.md"])),
        Work::Incidents(vec!["incidents/c.md".into()])
    );
    assert_eq!(
        classify(
            &roots,
            &set(&[
                "/real/public/index.html",
                "/link/public/x",
                "/elsewhere/a.md"
            ])
        ),
        Work::Nothing
    );
}
