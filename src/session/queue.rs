//! The Documents tab as a work queue for thousands of documents: each document's status
//! (untouched, in progress, done), a search over titles and texts, filters by status and by
//! label, an order, the counts, and the next or previous document still to do.
//!
//! The queue reads [`DocumentSummary`]s, not editors, so that the summaries can later come from
//! stored metadata instead of loaded documents. [`Queue`] keeps the result (the visible rows
//! as workspace indices) until the documents or the view change: the view only draws it.
//! Searching ignores case without a lower-case copy of each text per keystroke: an ASCII text
//! is searched as it is, ignoring the case of its letters; any other is folded to lower case
//! once, when the first query needs it, and kept while the document's text stays the same
//! `Rc`. A query that extends the previous one only re-checks the documents that matched
//! before, and the search itself ([`substring`]) is several times faster in WebAssembly than
//! `str::contains`.

use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

use crate::assist::substring;
use crate::model::workspace::Entry;

/// What the queue knows of one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentSummary {
    pub title: Rc<str>,
    pub text: Rc<str>,
    pub n_annotations: usize,
    /// The labels its annotations use, each once, in the order they first occur.
    pub labels: Vec<Rc<str>>,
    pub done: bool,
}

impl DocumentSummary {
    /// The summary of a workspace entry (the one place that reads entries for the queue).
    pub fn of(entry: &Entry) -> DocumentSummary {
        let summary = entry.summary();
        DocumentSummary {
            title: Rc::clone(entry.title()),
            text: entry.text(),
            n_annotations: summary.annotations,
            labels: summary.labels,
            done: entry.done,
        }
    }

    /// Whether this still names the entry's document with its done mark (the annotations
    /// are not compared: their changes are told document by document).
    pub fn names(&self, entry: &Entry) -> bool {
        Rc::ptr_eq(&self.title, entry.title())
            && Rc::ptr_eq(&self.text, &entry.text())
            && self.done == entry.done
    }

    pub fn status(&self) -> DocumentStatus {
        match (self.done, self.n_annotations) {
            (true, _) => DocumentStatus::Done,
            (false, 0) => DocumentStatus::Untouched,
            (false, _) => DocumentStatus::InProgress,
        }
    }
}

/// The summaries of every entry, in workspace order.
pub fn summaries(entries: &[Entry]) -> Vec<DocumentSummary> {
    entries.iter().map(DocumentSummary::of).collect()
}

/// Where a document stands in the queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentStatus {
    /// No annotation yet, and not marked done.
    Untouched,
    /// Annotated, but not marked done.
    InProgress,
    /// Marked done by the person (with or without annotations).
    Done,
}

impl DocumentStatus {
    pub const ALL: [DocumentStatus; 3] = [
        DocumentStatus::Untouched,
        DocumentStatus::InProgress,
        DocumentStatus::Done,
    ];

    /// How the list names it ("in progress").
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentStatus::Untouched => "untouched",
            DocumentStatus::InProgress => "in progress",
            DocumentStatus::Done => "done",
        }
    }

    /// Its value in a form control ("in-progress").
    pub fn value(self) -> &'static str {
        match self {
            DocumentStatus::Untouched => "untouched",
            DocumentStatus::InProgress => "in-progress",
            DocumentStatus::Done => "done",
        }
    }

    pub fn from_value(value: &str) -> Option<DocumentStatus> {
        DocumentStatus::ALL.into_iter().find(|s| s.value() == value)
    }
}

/// The order the visible documents are listed in. Ties keep workspace order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DocumentSort {
    #[default]
    Workspace,
    /// By title, A to Z, ignoring case.
    Title,
    MostAnnotations,
    FewestAnnotations,
}

impl DocumentSort {
    pub const ALL: [DocumentSort; 4] = [
        DocumentSort::Workspace,
        DocumentSort::Title,
        DocumentSort::MostAnnotations,
        DocumentSort::FewestAnnotations,
    ];

    pub fn label(self) -> &'static str {
        match self {
            DocumentSort::Workspace => "Workspace order",
            DocumentSort::Title => "Title A–Z",
            DocumentSort::MostAnnotations => "Most annotations",
            DocumentSort::FewestAnnotations => "Fewest annotations",
        }
    }

    pub fn value(self) -> &'static str {
        match self {
            DocumentSort::Workspace => "workspace",
            DocumentSort::Title => "title",
            DocumentSort::MostAnnotations => "most",
            DocumentSort::FewestAnnotations => "fewest",
        }
    }

    pub fn from_value(value: &str) -> Option<DocumentSort> {
        DocumentSort::ALL.into_iter().find(|s| s.value() == value)
    }
}

/// What the person asked the list to show: a search, filters, an order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueueView {
    /// Matched, ignoring case, against each title and text; blank shows every document.
    pub query: String,
    /// `None`: every status.
    pub status: Option<DocumentStatus>,
    /// `None`: with or without any label.
    pub label: Option<Rc<str>>,
    pub sort: DocumentSort,
}

impl QueueView {
    /// Whether anything hides documents (the order hides none).
    pub fn is_filtered(&self) -> bool {
        !self.query.trim().is_empty() || self.status.is_some() || self.label.is_some()
    }
}

/// How many documents there are of each status, and how many the view shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QueueCounts {
    pub total: usize,
    pub untouched: usize,
    pub in_progress: usize,
    pub done: usize,
    pub visible: usize,
}

impl QueueCounts {
    /// "3,000 documents · 1,200 untouched · 1,500 in progress · 300 done", and "· 42 shown"
    /// when a filter hides some.
    pub fn describe(&self, filtered: bool) -> String {
        let documents = if self.total == 1 {
            "document"
        } else {
            "documents"
        };
        let mut text = format!(
            "{} {documents} · {} untouched · {} in progress · {} done",
            thousands(self.total),
            thousands(self.untouched),
            thousands(self.in_progress),
            thousands(self.done)
        );
        if filtered {
            text.push_str(&format!(" · {} shown", thousands(self.visible)));
        }
        text
    }
}

/// A count with thousands separated by commas ("12,345").
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// The next document after `from` in workspace order that is not done, wrapping around past
/// the end; never `from` itself. `None` when every other document is done.
pub fn next_unfinished(documents: &[DocumentSummary], from: usize) -> Option<usize> {
    let n = documents.len();
    (1..n)
        .map(|step| (from + step) % n)
        .find(|&i| !documents[i].done)
}

/// The previous document before `from` in workspace order that is not done, wrapping around
/// past the start; never `from` itself.
pub fn previous_unfinished(documents: &[DocumentSummary], from: usize) -> Option<usize> {
    let n = documents.len();
    (1..n)
        .map(|step| (from % n + n - step) % n)
        .find(|&i| !documents[i].done)
}

/// Folds text for a search that ignores case.
fn fold(text: &str) -> String {
    text.to_lowercase()
}

/// A text as the search reads it: an ASCII text as it is (its letters are compared without
/// case), any other folded to lower case once.
#[derive(Clone, Debug)]
enum SearchText {
    Ascii,
    Folded(Rc<str>),
}

impl SearchText {
    fn of(text: &str) -> SearchText {
        if text.is_ascii() {
            SearchText::Ascii
        } else {
            SearchText::Folded(Rc::from(fold(text)))
        }
    }

    /// Whether the text holds a folded query. The fold of an ASCII text is ASCII, so a query
    /// that is not cannot be in it.
    fn holds(&self, text: &str, folded_query: &str) -> bool {
        match self {
            SearchText::Ascii => {
                folded_query.is_ascii()
                    && substring::contains_ignoring_ascii_case(text, folded_query)
            }
            SearchText::Folded(folded) => substring::contains(folded, folded_query),
        }
    }
}

/// A text new to the queue: prepared (only if a search is on) and whether it holds `searched`.
fn search_new(searched: &str, text: &str) -> (Option<SearchText>, bool) {
    if searched.is_empty() {
        return (None, false);
    }
    let prepared = SearchText::of(text);
    let matched = prepared.holds(text, searched);
    (Some(prepared), matched)
}

/// The documents, the view over them, and what it shows, kept until either changes.
#[derive(Debug, Default)]
pub struct Queue {
    documents: Rc<Vec<DocumentSummary>>,
    view: QueueView,
    /// Per document: its title folded, for the search and the A–Z order.
    titles: Vec<String>,
    /// Per document: its text as the search reads it, once a search has needed it.
    texts: Vec<Option<SearchText>>,
    /// The folded query that `text_matches` answers; empty when there is none.
    searched: String,
    /// Per document: whether its folded text holds `searched`.
    text_matches: Vec<bool>,
    visible: Rc<Vec<usize>>,
    counts: QueueCounts,
    labels: Rc<Vec<Rc<str>>>,
}

impl Queue {
    pub fn new(documents: Vec<DocumentSummary>) -> Queue {
        let mut queue = Queue::default();
        queue.set_documents(documents);
        queue
    }

    /// Replaces the summaries (after the workspace changed). Folded texts and search results
    /// are kept for the documents whose text is the same `Rc` as before.
    pub fn set_documents(&mut self, documents: Vec<DocumentSummary>) {
        let mut known: HashMap<*const u8, (Option<SearchText>, bool)> = self
            .documents
            .iter()
            .zip(self.texts.drain(..))
            .zip(self.text_matches.drain(..))
            .map(|((d, folded), matched)| (Rc::as_ptr(&d.text).cast::<u8>(), (folded, matched)))
            .collect();
        self.titles = documents.iter().map(|d| fold(&d.title)).collect();
        for document in &documents {
            let key = Rc::as_ptr(&document.text).cast::<u8>();
            let (folded, matched) = match known.remove(&key) {
                Some(kept) => kept,
                None => search_new(&self.searched, &document.text),
            };
            self.texts.push(folded);
            self.text_matches.push(matched);
        }
        self.documents = Rc::new(documents);
        self.collect_labels();
        self.refilter();
    }

    /// Adds summaries at the end (documents appended by an import), going over only theirs.
    pub fn extend(&mut self, new: Vec<DocumentSummary>) {
        let mut labels: BTreeSet<Rc<str>> = self.labels.iter().cloned().collect();
        let documents = Rc::make_mut(&mut self.documents);
        for document in new {
            self.titles.push(fold(&document.title));
            let (folded, matched) = search_new(&self.searched, &document.text);
            self.texts.push(folded);
            self.text_matches.push(matched);
            labels.extend(document.labels.iter().cloned());
            documents.push(document);
        }
        self.labels = Rc::new(labels.into_iter().collect());
        self.refilter();
    }

    /// Replaces one document's summary (after an edit in it), without going over the others'
    /// texts again.
    pub fn set_document(&mut self, index: usize, document: DocumentSummary) {
        let Some(old) = self.documents.get(index) else {
            return;
        };
        if *old == document {
            return;
        }
        if !Rc::ptr_eq(&old.text, &document.text) {
            (self.texts[index], self.text_matches[index]) =
                search_new(&self.searched, &document.text);
        }
        self.titles[index] = fold(&document.title);
        Rc::make_mut(&mut self.documents)[index] = document;
        self.collect_labels();
        self.refilter();
    }

    fn collect_labels(&mut self) {
        let labels: BTreeSet<Rc<str>> = self
            .documents
            .iter()
            .flat_map(|d| d.labels.iter().cloned())
            .collect();
        self.labels = Rc::new(labels.into_iter().collect());
    }

    pub fn set_query(&mut self, query: String) {
        let folded = fold(query.trim());
        self.view.query = query;
        if folded != self.searched {
            self.search(folded);
        }
        self.refilter();
    }

    pub fn set_status(&mut self, status: Option<DocumentStatus>) {
        self.view.status = status;
        self.refilter();
    }

    pub fn set_label(&mut self, label: Option<Rc<str>>) {
        self.view.label = label;
        self.refilter();
    }

    pub fn set_sort(&mut self, sort: DocumentSort) {
        self.view.sort = sort;
        self.refilter();
    }

    /// Answers `text_matches` for a new folded query. A query that holds the previous one can
    /// only match where that one did, so only those documents are searched again.
    fn search(&mut self, folded: String) {
        let narrowing = !self.searched.is_empty() && folded.contains(&self.searched);
        for (i, document) in self.documents.iter().enumerate() {
            if folded.is_empty() {
                self.text_matches[i] = false;
                continue;
            }
            if narrowing && !self.text_matches[i] {
                continue;
            }
            let prepared = self.texts[i].get_or_insert_with(|| SearchText::of(&document.text));
            self.text_matches[i] = prepared.holds(&document.text, &folded);
        }
        self.searched = folded;
    }

    fn refilter(&mut self) {
        let view = &self.view;
        let documents = &self.documents;
        let mut visible: Vec<usize> = (0..documents.len())
            .filter(|&i| {
                let document = &documents[i];
                let found = self.searched.is_empty()
                    || self.text_matches[i]
                    || self.titles[i].contains(&self.searched);
                found
                    && view.status.is_none_or(|s| s == document.status())
                    && view
                        .label
                        .as_ref()
                        .is_none_or(|l| document.labels.contains(l))
            })
            .collect();
        match view.sort {
            DocumentSort::Workspace => {}
            DocumentSort::Title => visible.sort_by(|&a, &b| self.titles[a].cmp(&self.titles[b])),
            DocumentSort::MostAnnotations => {
                visible.sort_by_key(|&i| std::cmp::Reverse(documents[i].n_annotations))
            }
            DocumentSort::FewestAnnotations => visible.sort_by_key(|&i| documents[i].n_annotations),
        }
        let mut counts = QueueCounts {
            total: documents.len(),
            visible: visible.len(),
            ..QueueCounts::default()
        };
        for document in documents.iter() {
            match document.status() {
                DocumentStatus::Untouched => counts.untouched += 1,
                DocumentStatus::InProgress => counts.in_progress += 1,
                DocumentStatus::Done => counts.done += 1,
            }
        }
        self.counts = counts;
        self.visible = Rc::new(visible);
    }

    // What the view reads.

    pub fn documents(&self) -> &Rc<Vec<DocumentSummary>> {
        &self.documents
    }

    pub fn view(&self) -> &QueueView {
        &self.view
    }

    /// The documents shown, as workspace indices, in the view's order.
    pub fn visible(&self) -> &Rc<Vec<usize>> {
        &self.visible
    }

    pub fn counts(&self) -> QueueCounts {
        self.counts
    }

    /// Every label some document uses, A to Z: the label filter's choices.
    pub fn labels(&self) -> &Rc<Vec<Rc<str>>> {
        &self.labels
    }
}
