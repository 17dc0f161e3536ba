//! The YAML fast path against libyaml: identical node trees, document boundaries and errors
//! on every YAML file of the corpus and on hand-written tricky inputs, and proof that the
//! fast path (not the fallback) is what reads Talos' configurations.

mod common;

use std::path::{Path, PathBuf};

use talos_config::yaml::{DocumentStream, check_fast_path};

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
}

fn corpus_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    yaml_files(&common::corpus(), &mut files);
    files.sort();
    assert!(
        files.len() > 100,
        "corpus not found at {}",
        common::corpus().display()
    );
    files
}

#[test]
fn corpus_reads_as_libyaml_reads_it() {
    let mut failures = Vec::new();
    for path in corpus_files() {
        let input = std::fs::read(&path).expect("readable");
        // Also as CRLF and with a UTF-8 BOM, which the stream normalises or skips.
        let crlf = String::from_utf8_lossy(&input)
            .replace('\n', "\r\n")
            .into_bytes();
        let bom = [&[0xEF, 0xBB, 0xBF][..], &input].concat();
        for variant in [&input, &crlf, &bom] {
            if let Err(err) = check_fast_path(variant) {
                failures.push(format!("{}: {err}", path.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn corpus_configs_take_the_fast_path() {
    let files = corpus_files();
    let mut slow = Vec::new();
    for path in &files {
        let input = std::fs::read(path).expect("readable");
        let (_, complete) = DocumentStream::fast_path(&input);
        if !complete {
            slow.push(path.display().to_string());
        }
    }
    // Only inputs using what the fast path leaves to libyaml (anchors, tags, multi-line
    // plain scalars, deliberately broken YAML) may fall back.
    assert!(
        slow.len() * 10 <= files.len(),
        "{} of {} corpus files fell back:\n{}",
        slow.len(),
        files.len(),
        slow.join("\n")
    );
    for generated in [
        "pkg/machinery/config/types/v1alpha1/testdata/stability/v1.14/base-controlplane.yaml",
        "pkg/machinery/config/types/v1alpha1/testdata/stability/v1.13/base-controlplane.yaml",
        "pkg/machinery/config/types/v1alpha1/testdata/stability/v1.14/base-worker.yaml",
    ] {
        let input = std::fs::read(common::corpus().join(generated)).expect("readable");
        let (docs, complete) = DocumentStream::fast_path(&input);
        assert!(complete && !docs.is_empty(), "{generated} fell back");
    }
}

/// Inputs the fast path must read exactly as libyaml does (`true`: it must read them
/// itself), or leave to libyaml (`false`).
const CASES: &[(&str, bool)] = &[
    ("", true),
    ("# only a comment\n", true),
    ("\n\n   \n", true),
    ("a: 1\n", true),
    ("a: 1", true),
    ("a:\n", true),
    ("a:", true),
    ("a:   # comment\nb: 2\n", true),
    ("a: b # comment\n", true),
    ("a: b#c\n", true),
    ("a : b\n", true),
    ("a:b: c\n", true),
    ("'a': 1\n\"b\" : 2\n", true),
    ("a: 'it''s'\n", true),
    (
        "a: \"tab\\tq\\\"\\\\\\x41\\u00e9\\U0001F600\\/\\ \\_\"\n",
        true,
    ),
    ("a: \"bad \\q\"\n", false),
    ("a: \"\\ud800\"\n", false),
    ("a: \"multi\n  line\"\n", false),
    ("a: 'multi\n  line'\n", false),
    ("a: plain\n  continued\n", false),
    ("a:\n  plain\n  continued\n", false),
    ("a:\n  nested: 1\n  other: 2\nb: 3\n", true),
    ("a:\n- 1\n- 2\nb:\n  - 3\n  -\n  - 4\n", true),
    ("- a\n-\n- - b\n  - c\n- d: 1\n  e: 2\n-   f: 3\n", true),
    ("- a\n -b\n", false),
    ("a:\n    b: 1\n  c: 2\n", false),
    ("a: 1\n b: 2\n", false),
    ("a: - b\n", false),
    ("a: b: c\n", false),
    ("- a: 1\n  - b\n", false),
    ("- a:\n  - b\n  c: 1\n", true),
    ("key:\n-\nother: 1\n", true),
    ("a: 1\n---\nb: 2\n", true),
    ("---\na: 1\n--- # c\nb: 2\n...\n", false),
    ("---\n---\n", true),
    ("--- \n", true),
    ("---", true),
    ("a: 1\n---\n# trailing\n", true),
    ("a: 1\n---\n   ", true),
    ("--- a\n", false),
    ("%YAML 1.1\n---\na: 1\n", false),
    ("a: &x 1\nb: *x\n", false),
    ("a: !!str 1\n", false),
    ("? a\n: b\n", false),
    ("a:\tb\n", false),
    ("a: b\t# c\n", false),
    ("\ta: b\n", false),
    ("a: [1, 'b', \"c\", d e, [f], {g: h}, ]\n", true),
    ("a: {b: 1, 'c': [2], d: {}}\n", true),
    ("a: []\nb: {}\n", true),
    ("a: [b: c]\n", false),
    ("a: [b\n  , c]\n", false),
    ("a: [b, , c]\n", false),
    ("a: {b}\n", false),
    ("a: [b]: c\n", false),
    ("[a, b]\n", true),
    ("a: [x:y, -1, a::1]\n", true),
    ("a: [::1]\n", false),
    ("a: [a:, b]\n", false),
    ("a: |\n  line 1\n  line 2\nb: 2\n", true),
    ("a: |-\n  text\n\n\nb: 2\n", true),
    ("a: |+\n  text\n\n\nb: 2\n", true),
    (
        "a: >\n  folded\n  text\n\n  para\n   indented\n  back\n",
        true,
    ),
    (
        "a: >-\n\n  leading\n  # not a comment\n# comment\nb: 1\n",
        true,
    ),
    ("a: |2\n    two more\n  base\n", true),
    ("a: |1-\n  x\n", true),
    ("a: |0\n  x\n", false),
    ("- |\n  item\n- >+\n  kept\n\n", true),
    ("a: |\n  no final break", false),
    ("a: |\n  x\n  \ty\n", true),
    ("a: |\n  x\n\ty\n", false),
    ("a: |\n\tx\n", false),
    ("a: |\n   \n  x\n", false),
    ("a: |\n \n  x\n", true),
    ("a: |\n  x\n     \n  y\n", true),
    ("|\n text\n", true),
    ("a: | # comment\n  x\n", true),
    ("plain root\n", true),
    ("plain root\nmore\n", false),
    ("\"quoted root\"\n", true),
    ("a: 1\nb\n", false),
    ("a: 1\n# c\n  # c\nb: 2\n", true),
    ("a:\n  # c\n  b: 1\n", true),
    ("ключ: значение\nb: [é, ü]\n", true),
    ("\u{FEFF}a: 1\n", true),
    ("a: \u{FEFF}\n", false),
    ("a: 1\u{85}b: 2\n", false),
    ("a: \u{1}\n", false),
    ("a: 1\r\nb: 2\r\n", true),
    ("a: 1\rb: 2\r", true),
    ("-\n", true),
    ("- \n- x\n", true),
    (
        "a: 0644\nb: 1_000\nc: ~\nd: yes\ne: 2024-01-02\nf: .inf\ng: <<\n",
        true,
    ),
    ("a: -\n", false),
    ("a: -x\nb: ?y\nc: :z\n", true),
    ("a: @x\n", false),
    ("a: `x\n", false),
    ("a: %x\n", false),
    ("a: ,x\n", false),
    ("-x: 1\n", true),
    ("---x: 1\n", true),
    ("...x: 1\n", true),
    ("a:\n  - b\n  -c\n", false),
    ("a: 1 # c\n  b\n", false),
    ("  a: 1\n  b: 2\n", true),
    ("  a: 1\nb: 2\n", false),
    ("a:\n\n\n  b: 1\n", true),
    ("a:\n    - b\n    - c\n", true),
    ("a: b\n---\nc\n---\n- d\n", true),
    ("\"a\" b: c\n", false),
    ("a: \"b\" c\n", false),
    ("a: \"b\"#c\n", false),
    ("a: [b]#c\n", false),
    ("- - - a\n    - b\n  - c\n- d\n", true),
];

#[test]
fn tricky_inputs_read_as_libyaml_reads_them() {
    let mut failures = Vec::new();
    for (input, fast) in CASES {
        match check_fast_path(input.as_bytes()) {
            Ok(complete) if complete == *fast => {}
            Ok(complete) => failures.push(format!(
                "{input:?}: fast path complete = {complete}, expected {fast}"
            )),
            Err(err) => failures.push(format!("{input:?}: {err}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn utf16_reads_as_libyaml_reads_it() {
    for big_endian in [false, true] {
        let mut input = if big_endian {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for unit in "a: 1\r\nb: [é, \"x\"]\n".encode_utf16() {
            input.extend(if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        assert_eq!(check_fast_path(&input), Ok(true));
    }
}

/// A small deterministic generator of block YAML (valid-leaning, with some noise), so the
/// comparison covers more shapes than the hand-written cases.
struct Generator(u64);

impl Generator {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn scalar(&mut self) -> String {
        self.pick(&[
            "a",
            "b c",
            "0644",
            "true",
            "~",
            "'q''s'",
            "\"e\\t\"",
            "[a, 'b']",
            "{k: v}",
            "[]",
            "{}",
            "x:y",
            "a #c",
            "-1",
            "é",
            "",
            "- x",
            "a: b",
            "&a x",
            "!t x",
            "\"m\n  x\"",
        ])
        .to_owned()
    }

    fn block(&mut self, out: &mut String, column: usize, depth: usize) {
        let pad = " ".repeat(column);
        for _ in 0..1 + self.below(3) {
            match self.below(if depth > 2 { 3 } else { 6 }) {
                0 | 1 => out.push_str(&format!(
                    "{pad}{}: {}\n",
                    self.pick(&["k", "key", "'q'"]),
                    self.scalar()
                )),
                2 => out.push_str(&format!("{pad}- {}\n", self.scalar())),
                3 => {
                    out.push_str(&format!("{pad}{}:\n", self.pick(&["m", "n"])));
                    let inner = column
                        + self
                            .pick(&["0", "1", "2", "4"])
                            .parse::<usize>()
                            .unwrap_or(2);
                    self.block(out, inner, depth + 1);
                }
                4 => {
                    out.push_str(&format!(
                        "{pad}- {}: {}\n",
                        self.pick(&["a", "b"]),
                        self.scalar()
                    ));
                    self.block(out, column + 2, depth + 1);
                }
                _ => {
                    out.push_str(&format!(
                        "{pad}s: {}\n",
                        self.pick(&["|", ">-", "|+", "|2"])
                    ));
                    for _ in 0..self.below(3) {
                        let extra = self.below(3);
                        out.push_str(&format!("{pad}  {}text\n", " ".repeat(extra)));
                    }
                }
            }
            if self.below(8) == 0 {
                out.push_str(self.pick(&["# c\n", "\n", "---\n", "  # c\n"]));
            }
        }
    }
}

#[test]
fn generated_inputs_read_as_libyaml_reads_them() {
    let mut generator = Generator(0x2545_F491_4F6C_DD1D);
    let (mut fast, mut failures) = (0, Vec::new());
    for _ in 0..3000 {
        let mut text = String::new();
        generator.block(&mut text, 0, 0);
        match check_fast_path(text.as_bytes()) {
            Ok(complete) => fast += usize::from(complete),
            Err(err) => failures.push(format!("{text:?}: {err}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(
        fast > 300,
        "only {fast} generated inputs took the fast path"
    );
}

#[test]
fn long_keys_are_left_to_libyaml() {
    let key = "k".repeat(1100);
    for input in [
        format!("{key}: 1\n"),
        format!("a: 1\n{key}: 2\n"),
        format!("a: {{{key}: 1}}\n"),
    ] {
        assert_eq!(check_fast_path(input.as_bytes()), Ok(false));
    }
    let deep = format!("{}a{}\n", "[".repeat(200), "]".repeat(200));
    assert_eq!(check_fast_path(deep.as_bytes()), Ok(false));
}

#[test]
fn errors_after_fast_documents_come_from_libyaml() {
    // The first documents are read fast, then libyaml takes over and reports the error.
    let input = b"a: 1\n---\nb: 2\n---\nc: [\n";
    assert_eq!(check_fast_path(input), Ok(false));
    let (docs, complete) = DocumentStream::fast_path(input);
    assert_eq!((docs.len(), complete), (2, false));
    let results: Vec<_> = DocumentStream::new(input).collect();
    assert_eq!(results.len(), 3);
    assert!(results[2].is_err());
}
