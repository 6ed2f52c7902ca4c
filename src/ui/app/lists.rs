//! The lists derived from the open document, kept until the next change, and the open tab's
//! list component.

use std::rc::Rc;

use yew::prelude::*;

use super::{App, Msg};
use crate::model::document::SpanKind;
use crate::model::schema::Schema;
use crate::session::lists::{self as rows, ClaimRow, EntityRow, GroupRow, SpeakerOption};
use crate::session::{Intent, Session, SideTab};
use crate::ui::annotation_list::AnnotationList;
use crate::ui::claim_list::ClaimList;
use crate::ui::document_list::DocumentList;
use crate::ui::entity_list::EntityList;
use crate::ui::model_panel::ModelPanel;
use crate::ui::side_panel::TabCounts;
use crate::ui::suggestion_panel::SuggestionPanel;
use crate::ui::versions_panel::VersionsPanel;

/// Lists derived from the document; `None` until first needed after a change.
#[derive(Default)]
pub(super) struct DerivedLists {
    claim_rows: Option<Rc<Vec<ClaimRow>>>,
    entity_rows: Option<Rc<Vec<EntityRow>>>,
    groups: Option<Rc<Vec<GroupRow>>>,
    speaker_options: Option<Rc<Vec<SpeakerOption>>>,
    schema: Option<Rc<Schema>>,
    label_names: Option<Rc<Vec<Rc<str>>>>,
}

fn cached<T>(slot: &mut Option<Rc<T>>, build: impl FnOnce() -> T) -> Rc<T> {
    Rc::clone(slot.get_or_insert_with(|| Rc::new(build())))
}

impl DerivedLists {
    pub(super) fn clear(&mut self) {
        *self = DerivedLists::default();
    }

    pub(super) fn claim_rows(&mut self, session: &Session) -> Rc<Vec<ClaimRow>> {
        cached(&mut self.claim_rows, || rows::claim_rows(session))
    }

    pub(super) fn entity_rows(&mut self, session: &Session) -> Rc<Vec<EntityRow>> {
        cached(&mut self.entity_rows, || {
            rows::entity_rows(session.editor().document())
        })
    }

    pub(super) fn groups(&mut self, session: &Session) -> Rc<Vec<GroupRow>> {
        cached(&mut self.groups, || {
            rows::group_rows(session.editor().document())
        })
    }

    pub(super) fn speaker_options(&mut self, session: &Session) -> Rc<Vec<SpeakerOption>> {
        cached(&mut self.speaker_options, || {
            rows::speaker_options(session.editor().document())
        })
    }

    pub(super) fn schema(&mut self, session: &Session) -> Rc<Schema> {
        cached(&mut self.schema, || session.editor().schema().clone())
    }

    pub(super) fn label_names(&mut self, session: &Session) -> Rc<Vec<Rc<str>>> {
        cached(&mut self.label_names, || {
            session
                .editor()
                .schema()
                .labels
                .iter()
                .map(|l| Rc::clone(&l.name))
                .collect()
        })
    }
}

impl App {
    /// Reads the cached lists; the cache is borrowed only while `read` runs, so two reads in
    /// one expression cannot collide.
    pub(super) fn lists<T>(&self, read: impl FnOnce(&mut DerivedLists) -> T) -> T {
        read(&mut self.lists.borrow_mut())
    }

    pub(super) fn tab_counts(&self) -> TabCounts {
        let session = &self.session;
        let document = session.editor().document();
        TabCounts {
            documents: session.workspace().entries().len(),
            suggestions: session.visible_suggestions().len(),
            mentions: self.rows.len(),
            claims: document
                .annotations()
                .iter()
                .filter(|a| a.kind == SpanKind::Claim)
                .count(),
            entities: document.entities().len(),
        }
    }

    /// The open tab's list.
    pub(super) fn view_tab_list(&self, dispatch: &Callback<Intent>) -> Html {
        let session = &self.session;
        let selected = session.selected().cloned();
        match session.side_tab() {
            SideTab::Documents => {
                let queue = session.queue();
                let entries = session.workspace().entries();
                let in_memory = entries.iter().filter(|e| e.is_open()).count();
                let resting = entries.len() - in_memory;
                html! {
                    <>
                    if let Some((read, total)) = session.opening() {
                        <p class="storage-usage" data-testid="opening-progress" role="status">
                            { format!("Opening your workspace: {read} of {total} more documents read…") }
                        </p>
                    }
                    if resting > 0 {
                        <p class="storage-usage" data-testid="in-memory" data-resting={resting.to_string()}>
                            { format!("{} of {} documents in memory; the rest are read when opened", in_memory, in_memory + resting) }
                        </p>
                    }
                    if let Some((used, quota, kept)) = self.keeper.usage() {
                        <p class="storage-usage" data-testid="storage-usage">{ crate::store::usage_line(used, quota, kept) }</p>
                    }
                    <VersionsPanel annotator={session.annotator_name().cloned()}
                        rows={Rc::new(session.editor().document().version_rows())}
                        revision={session.versions_revision()}
                        onname={dispatch.reform(Intent::SetAnnotatorName)}
                        onshow={dispatch.reform(Intent::ShowVersion)}
                        onrename={dispatch.reform(|(i, name)| Intent::RenameVersion(i, name))}
                        onadjudicate={dispatch.reform(|_| Intent::Adjudicate(crate::session::adjudication::AdjudicationStep::Start))} />
                    <DocumentList documents={Rc::clone(queue.documents())} visible={Rc::clone(queue.visible())}
                        counts={queue.counts()} view={queue.view().clone()} labels={Rc::clone(queue.labels())}
                        current={session.workspace().current_index()}
                        onswitch={dispatch.reform(Intent::SwitchDocument)}
                        ondone={dispatch.reform(|(i, done)| Intent::SetDone(i, done))}
                        onremove={dispatch.reform(Intent::RemoveDocument)}
                        onsearch={dispatch.reform(Intent::SearchDocuments)}
                        onfilter={dispatch.reform(Intent::FilterDocuments)}
                        onlabel={dispatch.reform(Intent::FilterDocumentsByLabel)}
                        onsort={dispatch.reform(Intent::SortDocuments)} />
                    </>
                }
            }
            SideTab::Suggestions => {
                let review = session.review();
                let learning = session.learning();
                let onimport = self.link.callback(|e: Event| {
                    let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                    let files = input
                        .files()
                        .map(super::files::file_list)
                        .unwrap_or_default();
                    input.set_value("");
                    Msg::OpenFiles(files)
                });
                html! {
                    <>
                    <ModelPanel documents={learning.tagger().n_documents} words={learning.tagger().n_tokens}
                        progress={learning.progress()} timing={learning.timing()}
                        min_confidence={learning.min_confidence()} by_confidence={learning.by_confidence()}
                        dispatch={dispatch.clone()} {onimport} />
                    <SuggestionPanel rows={Rc::new(rows::suggestion_rows(session))}
                        progress={review.progress()} timing={review.timing()}
                        current={review.current().cloned()}
                        onpick={dispatch.reform(Intent::PickSuggestion)}
                        onaccept={dispatch.reform(Intent::AcceptSuggestion)}
                        onreject={dispatch.reform(Intent::RejectSuggestion)}
                        onacceptall={dispatch.reform(Intent::AcceptAll)}
                        onfixall={dispatch.reform(|_| Intent::FixAll)}
                        onsuggest={dispatch.reform(|_| Intent::Suggest)} />
                    </>
                }
            }
            SideTab::Annotations => html! {
                <AnnotationList rows={Rc::clone(&self.rows)} text={session.editor().document().shared_text()}
                    colors={Rc::clone(&self.colors)}
                    {selected} onpick={dispatch.reform(Intent::Pick)} />
            },
            SideTab::Claims => html! {
                <ClaimList rows={self.lists(|l| l.claim_rows(session))} {selected}
                    onpick={dispatch.reform(Intent::Pick)} />
            },
            SideTab::Entities => html! {
                <EntityList entities={self.lists(|l| l.entity_rows(session))} suggestions={self.lists(|l| l.groups(session))}
                    onpick={dispatch.reform(Intent::Pick)} ongroup={dispatch.reform(Intent::Group)} />
            },
        }
    }
}
