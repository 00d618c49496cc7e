//! Public, legacy and collection links (`core/src/link/`): behaviour that mutation testing
//! (docs/mutation-testing.md) found unchecked.
//!
//! Expected values: the links of `data/links.json` (megajs, mega.py and MEGA's webclient), the
//! link table of docs/format/links.md and docs/format/sets.md written out by hand, and handle
//! and key bytes decoded with Python's `base64.urlsafe_b64decode`:
//!
//! | base64 | hex |
//! |---|---|
//! | `xUIkknuH` | `c54224927b87` |
//! | `cLRHa4nJ` | `70b4476b89c9` |
//! | `JzBKSLQG` | `27304a48b406` |
//! | `QylglsXZ` | `43296096c5d9` |
//! | `nJBeD-qesZ_gSfzomSecTo_zzY-3jDZnIvJ-_d3cHuc` | `9c905e0fea9eb19fe049fce899279c4e 8ff3cd8fb78c366722f27efddddc1ee7` |
//! | `Vc__bk7c-bImIN48YvtHPw` | `55cfff6e4edcf9b22620de3c62fb473f` |
//! | `gzX2JiAyTk1GJhkqbVnkgg` | `8335f62620324e4d4626192a6d59e482` |
//!
//! The file key's AES key is the XOR of its halves, `136393805d1287f8c2bb821544fb82a9` (Python).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use megacrypt::link::{CollectionLink, Link, LinkChild, LinkHost, LinkKind, PublicLink};
use megacrypt::{ErrorKind, NodeHandle};

const FILE_KEY: &str = "nJBeD-qesZ_gSfzomSecTo_zzY-3jDZnIvJ-_d3cHuc";
const FOLDER_KEY: &str = "Vc__bk7c-bImIN48YvtHPw";
const SET_KEY: &str = "gzX2JiAyTk1GJhkqbVnkgg";

fn h(hex_str: &str) -> Vec<u8> {
    hex::decode(hex_str).unwrap()
}

fn handle(b64: &str) -> NodeHandle {
    NodeHandle::from_b64(b64).unwrap()
}

fn parse(url: &str) -> PublicLink {
    PublicLink::parse(url).unwrap_or_else(|e| panic!("{url}: {e:?}"))
}

fn refused(url: &str) -> ErrorKind {
    PublicLink::parse(url)
        .map(|l| panic!("{url} accepted: {l:?}"))
        .unwrap_err()
        .kind()
}

fn file_link() -> PublicLink {
    parse(&format!("https://mega.nz/file/xUIkknuH#{FILE_KEY}"))
}

fn folder_link() -> PublicLink {
    parse(&format!("https://mega.nz/folder/cLRHa4nJ#{FOLDER_KEY}"))
}

// ---- LinkChild ----

#[test]
fn link_child_names_and_handles() {
    let c = handle("JzBKSLQG");
    assert_eq!(c.as_bytes(), &h("27304a48b406")[..]);
    assert_eq!(LinkChild::NAMES, ["file", "folder", "node"]);
    for (child, name) in [
        (LinkChild::File(c), "file"),
        (LinkChild::Folder(c), "folder"),
        (LinkChild::Node(c), "node"),
    ] {
        assert_eq!(child.as_str(), name);
        assert_eq!(child.handle(), c);
        assert_eq!(LinkChild::from_name(name, c).unwrap(), child);
    }
    for bad in ["", "File", "files", "child", "collection"] {
        assert_eq!(
            LinkChild::from_name(bad, c).unwrap_err().kind(),
            ErrorKind::ApiMisuse,
            "{bad:?}"
        );
    }
}

// ---- origin: scheme and host ----

#[test]
fn scheme_and_host_are_case_insensitive() {
    for url in [
        format!("HTTPS://MEGA.NZ/file/xUIkknuH#{FILE_KEY}"),
        format!("Http://Mega.Co.Nz/file/xUIkknuH#{FILE_KEY}"),
        format!("https://MEGA.app/file/xUIkknuH#{FILE_KEY}"),
        format!("http://mega.app/file/xUIkknuH#{FILE_KEY}"),
    ] {
        let l = parse(&url);
        assert_eq!(l.handle().as_bytes(), &h("c54224927b87")[..], "{url}");
        assert_eq!(
            l.key().unwrap().to_bytes().to_vec(),
            h("9c905e0fea9eb19fe049fce899279c4e8ff3cd8fb78c366722f27efddddc1ee7")
        );
    }
}

#[test]
fn host_ends_at_a_slash_hash_or_question_mark() {
    // No path at all: the fragment follows the host directly (legacy links written short).
    let l = parse(&format!("https://mega.nz#!xUIkknuH!{FILE_KEY}"));
    assert!(l.is_file());
    assert_eq!(l.handle(), handle("xUIkknuH"));
    let l = parse(&format!("https://mega.nz?x=1#F!cLRHa4nJ!{FOLDER_KEY}"));
    assert_eq!(l.kind(), LinkKind::Folder);
    assert_eq!(l.handle(), handle("cLRHa4nJ"));
    // A host that only starts or ends like MEGA's is another host.
    for url in [
        format!("https://mega.nzx#!xUIkknuH!{FILE_KEY}"),
        format!("https://xmega.nz/file/xUIkknuH#{FILE_KEY}"),
        format!("https://mega.nz:443/file/xUIkknuH#{FILE_KEY}"),
        format!("https://mega.nz@evil.example/file/xUIkknuH#{FILE_KEY}"),
        format!("https:/mega.nz/file/xUIkknuH#{FILE_KEY}"),
        format!("https//mega.nz/file/xUIkknuH#{FILE_KEY}"),
        format!("https:mega.nz/file/xUIkknuH#{FILE_KEY}"),
        format!("https:///file/xUIkknuH#{FILE_KEY}"),
        "https://".into(),
        "http:/".into(),
        "h".into(),
    ] {
        assert_eq!(refused(&url), ErrorKind::Malformed, "{url}");
        assert_eq!(
            Link::parse(&url).unwrap_err().kind(),
            ErrorKind::Malformed,
            "{url}"
        );
    }
}

// ---- Link dispatch ----

#[test]
fn link_parse_dispatches_every_form_and_reports_its_kind() {
    let file = Link::parse(&format!("https://mega.nz/file/xUIkknuH#{FILE_KEY}")).unwrap();
    assert_eq!(file, Link::Public(file_link()));
    assert_eq!(file.kind(), LinkKind::File);
    let folder = Link::parse(&format!("https://mega.nz/#F!cLRHa4nJ!{FOLDER_KEY}")).unwrap();
    assert_eq!(folder, Link::Public(folder_link()));
    assert_eq!(folder.kind(), LinkKind::Folder);
    let coll = Link::parse(&format!("https://mega.nz/collection/QylglsXZ#{SET_KEY}")).unwrap();
    assert_eq!(coll.kind(), LinkKind::Collection);
    let Link::Collection(c) = coll else {
        panic!("not a collection link: {coll:?}")
    };
    assert_eq!(c.handle().as_bytes(), &h("43296096c5d9")[..]);
    // The first case of data/password_links.json (webclient), with and without the '/'.
    let v: serde_json::Value =
        serde_json::from_str(include_str!("data/password_links.json")).unwrap();
    let p_link = v["cases"][0]["p_link"].as_str().unwrap();
    let fragment = &p_link[p_link.find('#').unwrap()..];
    for url in [
        format!("https://mega.nz{fragment}"),
        format!("https://mega.nz/{fragment}"),
    ] {
        let p = Link::parse(&url).unwrap_or_else(|e| panic!("{url}: {e:?}"));
        assert!(matches!(p, Link::Protected(_)), "{url}: {p:?}");
        assert_eq!(p.kind(), LinkKind::File);
    }
    // '#P!' anywhere else is not a protected link.
    assert_eq!(
        Link::parse("https://mega.nz/file/#P!AAAA")
            .unwrap_err()
            .kind(),
        ErrorKind::Malformed
    );
}

// ---- PublicLink: parse ----

#[test]
fn file_and_folder_keys_are_read_into_their_types() {
    let f = file_link();
    assert!(f.is_file());
    assert_eq!(f.kind(), LinkKind::File);
    assert!(f.folder_key().is_none());
    let fk = f.file_key().unwrap();
    assert_eq!(
        fk.aes_key().as_bytes(),
        &h("136393805d1287f8c2bb821544fb82a9")[..]
    );
    assert_eq!(fk.nonce().as_bytes(), &h("8ff3cd8fb78c3667")[..]);
    assert_eq!(fk.meta_mac().as_bytes(), &h("22f27efddddc1ee7")[..]);

    let d = folder_link();
    assert!(!d.is_file());
    assert_eq!(d.kind(), LinkKind::Folder);
    assert!(d.file_key().is_none());
    assert_eq!(
        d.folder_key().unwrap().as_bytes(),
        &h("55cfff6e4edcf9b22620de3c62fb473f")[..]
    );
    assert_eq!(d.handle().as_bytes(), &h("70b4476b89c9")[..]);
    assert_eq!(d.child(), None);

    // Keyless: neither key.
    let k = parse("https://mega.nz/file/xUIkknuH");
    assert!(k.key().is_none() && k.file_key().is_none() && k.folder_key().is_none());
}

#[test]
fn query_and_trailing_slashes_before_the_fragment_are_ignored() {
    for url in [
        format!("https://mega.nz/file/xUIkknuH/#{FILE_KEY}"),
        format!("https://mega.nz/file/xUIkknuH//#{FILE_KEY}"),
        format!("https://mega.nz/file/xUIkknuH?a=b/c#{FILE_KEY}"),
        format!("https://mega.nz/file/xUIkknuH/?a#{FILE_KEY}"),
    ] {
        assert_eq!(parse(&url), file_link(), "{url}");
    }
    // Only the path before the fragment is trimmed: the key is not.
    assert_eq!(
        refused(&format!("https://mega.nz/file/xUIkknuH#{FILE_KEY}/")),
        ErrorKind::Malformed
    );
    // A bare origin with only a query or slash has no fragment at all.
    for url in ["https://mega.nz/?x", "https://mega.nz//", "https://mega.nz"] {
        assert_eq!(refused(url), ErrorKind::Malformed, "{url}");
    }
}

#[test]
fn unknown_paths_are_malformed_and_known_other_forms_unsupported() {
    assert_eq!(
        refused(&format!("https://mega.nz/collection/QylglsXZ#{SET_KEY}")),
        ErrorKind::Unsupported
    );
    assert_eq!(
        refused("https://mega.nz/collection/QylglsXZ"),
        ErrorKind::Unsupported
    );
    assert_eq!(
        refused(&format!("https://mega.nz/embed/xUIkknuH#{FILE_KEY}")),
        ErrorKind::Unsupported
    );
    assert_eq!(
        refused(&format!("https://mega.nz/embed#!xUIkknuH!{FILE_KEY}")),
        ErrorKind::Unsupported
    );
    for url in [
        format!("https://mega.nz/files/xUIkknuH#{FILE_KEY}"),
        format!("https://mega.nz/File/xUIkknuH#{FILE_KEY}"),
        format!("https://mega.nz/x/file/xUIkknuH#{FILE_KEY}"),
        format!("https://mega.nz/file#{FILE_KEY}"),
        format!("https://mega.nz/folderx/cLRHa4nJ#{FOLDER_KEY}"),
        format!("https://mega.nz/file//#{FILE_KEY}"),
        format!("https://mega.nz/folder/#{FOLDER_KEY}"),
    ] {
        assert_eq!(refused(&url), ErrorKind::Malformed, "{url}");
    }
}

#[test]
fn folder_selectors_are_file_or_folder_and_need_the_key() {
    let c = handle("JzBKSLQG");
    let l = parse(&format!(
        "https://mega.nz/folder/cLRHa4nJ#{FOLDER_KEY}/file/JzBKSLQG"
    ));
    assert_eq!(l.child(), Some(LinkChild::File(c)));
    assert_eq!(l.folder_key(), folder_link().folder_key());
    let l = parse(&format!(
        "https://mega.nz/folder/cLRHa4nJ#{FOLDER_KEY}/folder/JzBKSLQG"
    ));
    assert_eq!(l.child(), Some(LinkChild::Folder(c)));
    for url in [
        // A selector without the key before it.
        "https://mega.nz/folder/cLRHa4nJ#/file/JzBKSLQG".to_string(),
        "https://mega.nz/folder/cLRHa4nJ#/folder/JzBKSLQG".to_string(),
        // Unknown or malformed selectors.
        format!("https://mega.nz/folder/cLRHa4nJ#{FOLDER_KEY}/node/JzBKSLQG"),
        format!("https://mega.nz/folder/cLRHa4nJ#{FOLDER_KEY}/"),
        format!("https://mega.nz/folder/cLRHa4nJ#{FOLDER_KEY}/folder/"),
        format!("https://mega.nz/folder/cLRHa4nJ#{FOLDER_KEY}/file/JzBKSLQG/"),
        // A file link has no selector: the '/' belongs to a key that is then too long.
        format!("https://mega.nz/file/xUIkknuH#{FILE_KEY}/file/JzBKSLQG"),
    ] {
        assert_eq!(refused(&url), ErrorKind::Malformed, "{url}");
    }
}

#[test]
fn legacy_links_read_like_their_new_forms() {
    let c = handle("JzBKSLQG");
    assert_eq!(
        parse(&format!("https://mega.nz/#!xUIkknuH!{FILE_KEY}")),
        file_link()
    );
    assert_eq!(
        parse(&format!("https://mega.nz/#F!cLRHa4nJ!{FOLDER_KEY}")),
        folder_link()
    );
    let l = parse(&format!(
        "https://mega.nz/#F!cLRHa4nJ!{FOLDER_KEY}!JzBKSLQG"
    ));
    assert_eq!(l.child(), Some(LinkChild::Node(c)));
    assert_eq!(l.folder_key(), folder_link().folder_key());
    // Keyless legacy links.
    let l = parse("https://mega.nz/#!xUIkknuH");
    assert!(l.is_file() && l.key().is_none());
    let l = parse("https://mega.nz/#F!cLRHa4nJ!");
    assert_eq!(l.kind(), LinkKind::Folder);
    assert!(l.key().is_none());
}

#[test]
fn legacy_links_refuse_what_the_form_does_not_have() {
    for (url, want) in [
        // A child needs a key, and only a folder has one.
        (
            "https://mega.nz/#F!cLRHa4nJ!!JzBKSLQG".to_string(),
            ErrorKind::Malformed,
        ),
        (
            format!("https://mega.nz/#!xUIkknuH!{FILE_KEY}!JzBKSLQG"),
            ErrorKind::Malformed,
        ),
        (
            format!("https://mega.nz/#F!cLRHa4nJ!{FOLDER_KEY}!JzBKSLQG!"),
            ErrorKind::Malformed,
        ),
        (
            format!("https://mega.nz/#!xUIkknuH!{FILE_KEY}!"),
            ErrorKind::Malformed,
        ),
        (
            format!("https://mega.nz/#F!cLRHa4nJ!{FOLDER_KEY}!JzBKSLQ"),
            ErrorKind::Malformed,
        ),
        // Other fragments.
        ("https://mega.nz/#P!AgA".to_string(), ErrorKind::Unsupported),
        (
            format!("https://mega.nz/#E!xUIkknuH!{FILE_KEY}"),
            ErrorKind::Unsupported,
        ),
        ("https://mega.nz/#".to_string(), ErrorKind::Malformed),
        ("https://mega.nz/".to_string(), ErrorKind::Malformed),
        (
            format!("https://mega.nz/#f!cLRHa4nJ!{FOLDER_KEY}"),
            ErrorKind::Malformed,
        ),
        (
            format!("https://mega.nz/#xUIkknuH!{FILE_KEY}"),
            ErrorKind::Malformed,
        ),
        // Keys of the other kind.
        (
            format!("https://mega.nz/#!xUIkknuH!{FOLDER_KEY}"),
            ErrorKind::Malformed,
        ),
        (
            format!("https://mega.nz/#F!cLRHa4nJ!{FILE_KEY}"),
            ErrorKind::Malformed,
        ),
    ] {
        assert_eq!(refused(&url), want, "{url}");
    }
}

// ---- PublicLink: build ----

#[test]
fn links_are_written_in_the_documented_forms() {
    let c = handle("JzBKSLQG");
    let f = file_link();
    assert_eq!(
        f.to_url(),
        format!("https://mega.nz/file/xUIkknuH#{FILE_KEY}")
    );
    assert_eq!(f.to_string(), f.to_url());
    assert_eq!(
        f.to_legacy_url(),
        format!("https://mega.nz/#!xUIkknuH!{FILE_KEY}")
    );
    let key = folder_link().folder_key().unwrap().clone();
    let d = PublicLink::folder(handle("cLRHa4nJ"), key.clone(), None);
    assert_eq!(d, folder_link());
    assert_eq!(
        d.to_url(),
        format!("https://mega.nz/folder/cLRHa4nJ#{FOLDER_KEY}")
    );
    assert_eq!(
        d.to_legacy_url(),
        format!("https://mega.nz/#F!cLRHa4nJ!{FOLDER_KEY}")
    );
    for (child, new, legacy) in [
        (
            LinkChild::File(c),
            format!("https://mega.nz/folder/cLRHa4nJ#{FOLDER_KEY}/file/JzBKSLQG"),
            format!("https://mega.nz/#F!cLRHa4nJ!{FOLDER_KEY}!JzBKSLQG"),
        ),
        (
            LinkChild::Folder(c),
            format!("https://mega.nz/folder/cLRHa4nJ#{FOLDER_KEY}/folder/JzBKSLQG"),
            format!("https://mega.nz/#F!cLRHa4nJ!{FOLDER_KEY}!JzBKSLQG"),
        ),
        // The legacy form does not say the child's kind; the new form writes it as a folder.
        (
            LinkChild::Node(c),
            format!("https://mega.nz/folder/cLRHa4nJ#{FOLDER_KEY}/folder/JzBKSLQG"),
            format!("https://mega.nz/#F!cLRHa4nJ!{FOLDER_KEY}!JzBKSLQG"),
        ),
    ] {
        let l = PublicLink::folder(handle("cLRHa4nJ"), key.clone(), Some(child));
        assert_eq!(l.child(), Some(child));
        assert_eq!(l.to_url(), new);
        assert_eq!(format!("{l}"), new);
        assert_eq!(l.to_legacy_url(), legacy);
    }
    // Keyless: no key, no '#' (new form) and no second '!' (legacy form).
    let k = PublicLink::keyless(LinkKind::File, handle("xUIkknuH"));
    assert_eq!(k.to_url(), "https://mega.nz/file/xUIkknuH");
    assert_eq!(k.to_legacy_url(), "https://mega.nz/#!xUIkknuH");
    let k = PublicLink::keyless(LinkKind::Folder, handle("cLRHa4nJ"));
    assert_eq!(k.to_url(), "https://mega.nz/folder/cLRHa4nJ");
    assert_eq!(k.to_legacy_url(), "https://mega.nz/#F!cLRHa4nJ");
    let k = PublicLink::keyless(LinkKind::Collection, handle("QylglsXZ"));
    assert_eq!(k.kind(), LinkKind::Collection);
    assert_eq!(k.to_legacy_url(), "https://mega.nz/collection/QylglsXZ");
}

#[test]
fn file_link_built_from_its_key_is_the_parsed_one() {
    let key = file_link().file_key().unwrap().clone();
    let l = PublicLink::file(handle("xUIkknuH"), key);
    assert_eq!(l, file_link());
    assert!(l.is_file());
    assert_eq!(l.child(), None);
    let parsed: PublicLink = format!("https://mega.nz/#!xUIkknuH!{FILE_KEY}")
        .parse()
        .unwrap();
    assert_eq!(parsed, l);
}

#[test]
fn a_key_is_attached_only_to_a_link_of_its_kind() {
    let file_key = file_link().key().unwrap().clone();
    let folder_key = folder_link().key().unwrap().clone();
    let l = PublicLink::keyless(LinkKind::File, handle("xUIkknuH"))
        .with_key(file_key.clone())
        .unwrap();
    assert_eq!(l, file_link());
    let l = PublicLink::keyless(LinkKind::Folder, handle("cLRHa4nJ"))
        .with_key(folder_key.clone())
        .unwrap();
    assert_eq!(l, folder_link());
    for (kind, key) in [
        (LinkKind::File, &folder_key),
        (LinkKind::Folder, &file_key),
        (LinkKind::Collection, &file_key),
        (LinkKind::Collection, &folder_key),
    ] {
        assert_eq!(
            PublicLink::keyless(kind, handle("xUIkknuH"))
                .with_key(key.clone())
                .unwrap_err()
                .kind(),
            ErrorKind::ApiMisuse,
            "{kind:?}"
        );
    }
}

#[test]
fn public_link_debug_says_whether_there_is_a_key_but_not_the_key() {
    let d = format!("{:?}", file_link());
    assert_eq!(
        d,
        "PublicLink { kind: File, handle: NodeHandle(xUIkknuH), has_key: true, child: None }"
    );
    let d = format!(
        "{:?}",
        parse("https://mega.nz/#F!cLRHa4nJ")
            .with_key(folder_link().key().unwrap().clone())
            .unwrap()
    );
    assert!(d.contains("has_key: true"), "{d}");
    assert!(!d.contains(FOLDER_KEY) && !d.contains("85, 207"), "{d}");
    let d = format!("{:?}", parse("https://mega.nz/#F!cLRHa4nJ"));
    assert_eq!(
        d,
        "PublicLink { kind: Folder, handle: NodeHandle(cLRHa4nJ), has_key: false, child: None }"
    );
}

// ---- CollectionLink ----

#[test]
fn collection_link_reads_handle_key_and_host() {
    let url = format!("https://mega.nz/collection/QylglsXZ#{SET_KEY}");
    let l = CollectionLink::parse(&url).unwrap();
    assert_eq!(l.handle().as_bytes(), &h("43296096c5d9")[..]);
    assert_eq!(
        l.key().as_bytes(),
        &h("8335f62620324e4d4626192a6d59e482")[..]
    );
    assert_eq!(l.host(), LinkHost::MegaNz);
    let app: CollectionLink = format!("https://Mega.App/collection/QylglsXZ#{SET_KEY}")
        .parse()
        .unwrap();
    assert_eq!(app.host(), LinkHost::MegaApp);
    assert_eq!(app.handle(), l.handle());
    assert_eq!(app.key(), l.key());
    assert_ne!(app, l, "the host is part of the link");
    // Written on mega.nz unless asked otherwise.
    assert_eq!(app.to_url(), url);
    assert_eq!(
        l.to_url_on(LinkHost::MegaApp),
        format!("https://mega.app/collection/QylglsXZ#{SET_KEY}")
    );
    assert_eq!(l.to_url_on(LinkHost::MegaNz), url);
    assert_eq!(LinkHost::MegaNz.as_str(), "mega.nz");
    assert_eq!(LinkHost::MegaApp.as_str(), "mega.app");
    assert_eq!(LinkHost::default(), LinkHost::MegaNz);
    // Built from its parts: on mega.nz.
    let built = CollectionLink::new(l.handle(), l.key().clone());
    assert_eq!(built, l);
    assert_eq!(built.host(), LinkHost::MegaNz);
}

#[test]
fn collection_link_debug_hides_the_key() {
    let l =
        CollectionLink::parse(&format!("https://mega.app/collection/QylglsXZ#{SET_KEY}")).unwrap();
    let d = format!("{l:?}");
    assert!(d.starts_with("CollectionLink {"), "{d}");
    assert!(d.contains("QylglsXZ"), "{d}");
    assert!(d.contains("MegaApp"), "{d}");
    assert!(!d.contains(SET_KEY) && !d.contains("131, 53"), "{d}");
}

#[test]
fn collection_link_refuses_every_other_shape() {
    for url in [
        // No path at all, or an origin only.
        format!("https://mega.nz#{SET_KEY}"),
        "https://mega.nz".to_string(),
        "https://".to_string(),
        "https:/".to_string(),
        String::new(),
        // Scheme.
        format!("https:/xmega.nz/collection/QylglsXZ#{SET_KEY}"),
        format!("httpx://mega.nz/collection/QylglsXZ#{SET_KEY}"),
        // Handle and key lengths and alphabet.
        format!("https://mega.nz/collection/QylglsX#{SET_KEY}"),
        format!("https://mega.nz/collection/QylglsXZA#{SET_KEY}"),
        format!("https://mega.nz/collection/Qylgls.Z#{SET_KEY}"),
        format!("https://mega.nz/collection/QylglsXZ#{SET_KEY}AA"),
        format!("https://mega.nz/collection/QylglsXZ#{}", &SET_KEY[..20]),
        format!("https://mega.nz/collection/QylglsXZ#{}=", &SET_KEY[..21]),
        format!("https://mega.nz/collection/QylglsXZ#{}.", &SET_KEY[..21]),
        // A 22-character key whose last character has bits a 16-byte key cannot have.
        "https://mega.nz/collection/QylglsXZ#gzX2JiAyTk1GJhkqbVnkgh".to_string(),
        // Other link kinds.
        format!("https://mega.nz/file/xUIkknuH#{FILE_KEY}"),
        format!("https://mega.nz/folder/QylglsXZ#{SET_KEY}"),
    ] {
        assert_eq!(
            CollectionLink::parse(&url).unwrap_err().kind(),
            ErrorKind::Malformed,
            "{url}"
        );
    }
    assert_eq!(
        CollectionLink::parse("https://mega.nz/collection/QylglsXZ#AAAAAAAAAAAAAAAAAAAAAA")
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidKey
    );
}
