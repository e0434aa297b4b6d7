//! No import circles in `src/` (docs/architecture.md's rule: a module may import from below
//! itself, never from a module that imports it). Reads every product source file, collects the
//! module paths it names (`crate::a::b`, `super::…`, `self::…`, `use` groups included; comments,
//! doc links and strings left out; unit tests left out), and builds one graph between the
//! top-level modules (`src/<top>.rs` or `src/<top>/`) and one between the modules inside each
//! folder. A circle in any of them fails, named with a file and line for each of its steps.

use std::collections::{BTreeMap, BTreeSet};

/// A graph of one folder (`""` for the top level): each edge `from → to` with the first
/// `file:line` that made it.
type Graphs = BTreeMap<String, BTreeMap<(String, String), String>>;

#[test]
fn no_import_circle_in_src() {
    let src = crate::support::repo().join("src");
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(&src)
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        if rel.ends_with(".rs") {
            files.push((rel, std::fs::read_to_string(entry.path()).unwrap()));
        }
    }
    let circles = circles(&graphs(&files));
    assert!(
        circles.is_empty(),
        "import circles in src/:\n{}",
        circles.join("\n")
    );
}

/// Every circle of `graphs`, one a line: `folder: a → b → a (a → b at file:line, …)`.
fn circles(graphs: &Graphs) -> Vec<String> {
    let mut found = Vec::new();
    for (folder, edges) in graphs {
        let mut next: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for (from, to) in edges.keys() {
            next.entry(from).or_default().insert(to);
        }
        let mut seen = BTreeSet::new();
        for (&start, firsts) in &next {
            for &first in firsts.iter().filter(|&&first| first > start) {
                if let Some(path) = circle_from(start, first, &next) {
                    let key: BTreeSet<&str> = path.iter().copied().collect();
                    if seen.insert(key) {
                        found.push(describe(folder, &path, edges));
                    }
                }
            }
        }
    }
    found
}

/// The shortest circle `start → first → … → start` among modules after `start` (so each
/// circle is found from its first module), by a breadth-first search.
fn circle_from<'a>(
    start: &'a str,
    first: &'a str,
    next: &BTreeMap<&'a str, BTreeSet<&'a str>>,
) -> Option<Vec<&'a str>> {
    let mut came_from: BTreeMap<&str, &str> = BTreeMap::from([(first, start)]);
    let mut queue = std::collections::VecDeque::from([first]);
    while let Some(at) = queue.pop_front() {
        for &to in next.get(at).into_iter().flatten() {
            if to == start {
                let mut circle = vec![start, at];
                while let Some(&before) = came_from.get(circle.last().unwrap()) {
                    circle.push(before);
                }
                circle.reverse();
                return Some(circle);
            }
            if to > start && !came_from.contains_key(to) {
                came_from.insert(to, at);
                queue.push_back(to);
            }
        }
    }
    None
}

fn describe(folder: &str, path: &[&str], edges: &BTreeMap<(String, String), String>) -> String {
    let steps: Vec<String> = path
        .windows(2)
        .map(|w| {
            format!(
                "{} → {} at {}",
                w[0],
                w[1],
                edges[&(w[0].to_owned(), w[1].to_owned())]
            )
        })
        .collect();
    let place = if folder.is_empty() {
        "src/".to_owned()
    } else {
        format!("src/{folder}/")
    };
    format!("{place}: {} ({})", path.join(" → "), steps.join("; "))
}

/// The import graphs of `files` (paths relative to `src/`, with their text).
fn graphs(files: &[(String, String)]) -> Graphs {
    let modules: BTreeSet<Vec<String>> = files.iter().filter_map(|(p, _)| module_of(p)).collect();
    let mut graphs = Graphs::new();
    for (file, text) in files {
        let Some(here) = module_of(file) else {
            continue;
        };
        for (line, path) in named_paths(&without_tests(&code_only(text))) {
            let Some(target) = resolve(&here, &path) else {
                continue;
            };
            let shared = here.iter().zip(&target).take_while(|(a, b)| a == b).count();
            if shared >= here.len() || shared >= target.len() {
                continue; // an ancestor or a descendant, not a sibling
            }
            if !modules.contains(&target[..=shared]) {
                continue; // an item of an ancestor module, not a module
            }
            graphs
                .entry(here[..shared].join("/"))
                .or_default()
                .entry((here[shared].clone(), target[shared].clone()))
                .or_insert_with(|| format!("src/{file}:{line}"));
        }
    }
    graphs
}

/// The module a file under `src/` is (`notify/mod.rs` → `notify`), or `None` for the crate
/// roots and unit-test files.
fn module_of(file: &str) -> Option<Vec<String>> {
    let stem = file.strip_suffix(".rs")?;
    let mut parts: Vec<String> = stem.split('/').map(str::to_owned).collect();
    if matches!(stem, "lib" | "main") || parts.first().is_some_and(|p| p == "bin") {
        return None;
    }
    if parts.last().is_some_and(|p| p == "tests") {
        return None;
    }
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    Some(parts)
}

/// `path` (as written: `crate`, `super` or `self` first) made absolute from module `here`.
fn resolve(here: &[String], path: &[String]) -> Option<Vec<String>> {
    let mut base: Vec<String> = here.to_vec();
    let mut rest = path;
    match path.first()?.as_str() {
        "crate" => {
            base.clear();
            rest = &path[1..];
        }
        "self" => rest = &path[1..],
        _ => {}
    }
    while rest.first().is_some_and(|s| s == "super") {
        base.pop()?;
        rest = &rest[1..];
    }
    base.extend(rest.iter().filter(|s| *s != "self").cloned());
    Some(base)
}

/// The text of `source` with comments (doc links too), string and character literals blanked
/// out; line ends kept so that offsets still give line numbers.
fn code_only(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    while i < chars.len() {
        let end = match (chars[i], chars.get(i + 1).copied()) {
            ('/', Some('/')) => chars[i..]
                .iter()
                .position(|&c| c == '\n')
                .map_or(chars.len(), |n| i + n),
            ('/', Some('*')) => find(&chars, i + 2, "*/").map_or(chars.len(), |n| n + 2),
            ('"', _) => string_end(&chars, i + 1, 0),
            ('r', Some('"' | '#'))
                if (i == 0 || !is_ident(chars[i - 1])) && raw_string_end(&chars, i + 1) > i + 1 =>
            {
                raw_string_end(&chars, i + 1)
            }
            ('\'', Some('\\')) => find(&chars, i + 3, "'").map_or(chars.len(), |n| n + 1),
            ('\'', Some(_)) if chars.get(i + 2) == Some(&'\'') => i + 3,
            (c, _) => {
                out.push(c);
                i += 1;
                continue;
            }
        };
        out.extend(chars[i..end].iter().map(|&c| blank(c)));
        i = end;
    }
    out
}

fn find(chars: &[char], from: usize, what: &str) -> Option<usize> {
    let what: Vec<char> = what.chars().collect();
    (from..chars.len()).find(|&n| chars[n..].starts_with(&what))
}

/// The end of a string whose text starts at `from`, closed by `"` and `hashes` `#`s.
fn string_end(chars: &[char], from: usize, hashes: usize) -> usize {
    let mut n = from;
    while n < chars.len() {
        if chars[n] == '\\' && hashes == 0 {
            n += 2;
            continue;
        }
        if chars[n] == '"'
            && chars[n + 1..]
                .iter()
                .take(hashes)
                .filter(|&&c| c == '#')
                .count()
                == hashes
        {
            return n + 1 + hashes;
        }
        n += 1;
    }
    chars.len()
}

fn raw_string_end(chars: &[char], from: usize) -> usize {
    let hashes = chars[from..].iter().take_while(|&&c| c == '#').count();
    if chars.get(from + hashes) != Some(&'"') {
        return from; // an identifier starting with `r`, not a raw string
    }
    string_end(chars, from + hashes + 1, hashes)
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// `code` without the unit-test modules (`#[cfg(test)] mod … { … }`).
fn without_tests(code: &str) -> String {
    let mut out = code.to_owned();
    while let Some(at) = out.find("#[cfg(test)]") {
        let after = &out[at + "#[cfg(test)]".len()..];
        let body = after
            .trim_start()
            .strip_prefix("mod ")
            .and_then(|_| after.find('{'));
        let Some(open) = body.filter(|&o| !after[..o].contains(';')) else {
            out.replace_range(at..at + "#[cfg(test)]".len(), &" ".repeat(12));
            continue;
        };
        let open = at + "#[cfg(test)]".len() + open;
        let mut depth = 0;
        let close = out[open..]
            .char_indices()
            .find(|&(_, c)| {
                depth += match c {
                    '{' => 1,
                    '}' => -1,
                    _ => 0,
                };
                depth == 0
            })
            .map_or(out.len(), |(n, _)| open + n + 1);
        let kept: String = out[at..close]
            .chars()
            .map(|c| if c == '\n' { '\n' } else { ' ' })
            .collect();
        out.replace_range(at..close, &kept);
    }
    out
}

/// Every module path `code` names from `crate`, `super` or `self`, with its line; a `use`
/// group (`crate::{a, b::c}`) gives one path per member.
fn named_paths(code: &str) -> Vec<(usize, Vec<String>)> {
    let tokens = tokens(code);
    let mut found = Vec::new();
    for (n, (line, token)) in tokens.iter().enumerate() {
        let starts = matches!(token.as_str(), "crate" | "super" | "self")
            && tokens.get(n + 1).is_some_and(|(_, t)| t == "::")
            && (n == 0 || !matches!(tokens[n - 1].1.as_str(), "::" | "$"));
        if starts {
            tree(&tokens, n, vec![], &mut |path| found.push((*line, path)));
        }
    }
    found
}

/// Reads the path (or `use` tree) starting at token `n`, calling `emit` with each full path.
fn tree(
    tokens: &[(usize, String)],
    mut n: usize,
    mut path: Vec<String>,
    emit: &mut dyn FnMut(Vec<String>),
) -> usize {
    loop {
        match tokens.get(n).map(|(_, t)| t.as_str()) {
            Some("{") => {
                n += 1;
                while tokens.get(n).is_some_and(|(_, t)| t != "}") {
                    n = tree(tokens, n, path.clone(), emit);
                    if tokens.get(n).is_some_and(|(_, t)| t == ",") {
                        n += 1;
                    }
                }
                return n + 1;
            }
            Some(t) if t.chars().all(is_ident) => {
                path.push(t.to_owned());
                n += 1;
                if tokens.get(n).is_some_and(|(_, t)| t == "::") {
                    n += 1;
                    continue;
                }
                break;
            }
            _ => break,
        }
    }
    emit(path);
    n
}

/// `code` as identifiers, `::` and single punctuation characters, each with its line.
fn tokens(code: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut line = 1;
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            line += 1;
        } else if is_ident(c) {
            let mut word = c.to_string();
            while let Some(&d) = chars.peek().filter(|&&d| is_ident(d)) {
                word.push(d);
                chars.next();
            }
            out.push((line, word));
        } else if c == ':' && chars.peek() == Some(&':') {
            chars.next();
            out.push((line, "::".to_owned()));
        } else if !c.is_whitespace() {
            out.push((line, c.to_string()));
        }
    }
    out
}

mod checker;
