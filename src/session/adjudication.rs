//! The adjudication mode: walking the open document's disagreements between annotators one by
//! one and settling each into its gold version ([`crate::model::adjudication`]).
//!
//! Starting it plans the annotators' versions (every version but gold) and shows gold, made at
//! once of what they agree on. Each decision writes gold again as one undoable step; the
//! decisions are read back from gold, so undo, a reload or an annotator's updated file (planned
//! again when the mode starts) keep them. While the mode is on, `1`–`9` take that annotator's
//! version of the current disagreement, `a` all of them, `0` none, `n` / Shift+`n` go to the
//! next or previous one, and Esc ends the mode (gold stays shown, to edit by hand).

use std::collections::HashMap;
use std::rc::Rc;

use super::Session;
use crate::model::adjudication::{
    self, annotator_versions, decisions_in, gold_version, with_gold, Consensus, Decision, Item,
    Plan,
};
use crate::model::document::DocumentId;
use crate::model::keymap::KeyPress;

/// The mode while it is on.
#[derive(Debug)]
pub struct AdjudicationRun {
    document: DocumentId,
    plan: Rc<Plan>,
    consensus: Consensus,
    /// The disagreement in hand.
    current: usize,
}

impl AdjudicationRun {
    pub(super) fn is_of(&self, document: &DocumentId) -> bool {
        self.document == *document
    }
}

/// What the adjudication bar shows.
#[derive(Clone, Debug, PartialEq)]
pub struct AdjudicationView {
    pub annotators: Vec<Rc<str>>,
    pub consensus: Consensus,
    /// Disagreements in all, and how many gold settles.
    pub total: usize,
    pub settled: usize,
    /// The disagreement in hand (0-based), when there is one.
    pub current: Option<usize>,
    /// Its range in the text, for the view to scroll to.
    pub range: Option<(usize, usize)>,
    /// Each annotator's items there, as "LABEL “text”".
    pub options: Vec<Vec<String>>,
    /// What gold holds there.
    pub decision: Option<Decision>,
}

/// What a mode key asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdjudicationStep {
    Start,
    Decide(Decision),
    Next,
    Previous,
    Consensus(Consensus),
    Stop,
}

impl Session {
    pub fn adjudication(&self) -> Option<AdjudicationView> {
        let run = self.adjudication.as_ref()?;
        let document = self.editor().document();
        let decisions = self.decisions(run);
        let disagreement = run.plan.disagreements.get(run.current);
        let describe = |item: &Item| match item {
            Item::Span(key) => {
                let range = crate::model::offsets::CpRange::new(key.start, key.end);
                format!("{} “{}”", key.label, document.slice(range))
            }
            Item::Relation(r) => format!("{} relation", r.kind),
            Item::Entity(e) => format!("entity “{}”", e.name),
        };
        Some(AdjudicationView {
            annotators: run.plan.annotators.clone(),
            consensus: run.consensus,
            total: run.plan.disagreements.len(),
            settled: decisions.len(),
            current: disagreement.map(|_| run.current),
            range: disagreement.map(|d| (d.range.start.0, d.range.end.0)),
            options: disagreement
                .map(|d| {
                    d.options
                        .iter()
                        .map(|items| items.iter().map(describe).collect())
                        .collect()
                })
                .unwrap_or_default(),
            decision: disagreement
                .and_then(|d| decisions.get(&d.signature(&run.plan.annotators)).copied()),
        })
    }

    /// The decisions gold holds now.
    fn decisions(&self, run: &AdjudicationRun) -> HashMap<String, Decision> {
        let document = self.editor().document();
        match gold_version(document) {
            Some(gold) => decisions_in(&run.plan, &gold, document.left_out_of_gold()),
            None => HashMap::new(),
        }
    }

    pub(super) fn adjudicate(&mut self, step: AdjudicationStep) -> bool {
        match step {
            AdjudicationStep::Start => self.start_adjudication(Consensus::Unanimous),
            AdjudicationStep::Consensus(consensus) => self.start_adjudication(consensus),
            AdjudicationStep::Stop => {
                if self.adjudication.take().is_none() {
                    return false;
                }
                self.info("Adjudication ended; gold is shown, to edit like any version")
            }
            AdjudicationStep::Next | AdjudicationStep::Previous => {
                self.step_disagreement(step == AdjudicationStep::Next)
            }
            AdjudicationStep::Decide(decision) => self.settle(decision),
        }
    }

    fn start_adjudication(&mut self, consensus: Consensus) -> bool {
        let document = self.editor().document();
        let versions = annotator_versions(document);
        if versions.len() < 2 {
            return self.error(
                "Adjudication needs two or more annotators' versions of this document — open their Spanwise files together",
            );
        }
        let refs: Vec<(Rc<str>, &crate::model::document::Document)> =
            versions.iter().map(|(n, d)| (Rc::clone(n), d)).collect();
        let plan = Rc::new(adjudication::plan(&refs, consensus));
        let id = document.id.clone();
        // Decisions gold holds already (an earlier session, an updated file) stay.
        let decisions = gold_version(document)
            .map(|gold| decisions_in(&plan, &gold, document.left_out_of_gold()))
            .unwrap_or_default();
        let run = AdjudicationRun {
            document: id,
            plan: Rc::clone(&plan),
            consensus,
            current: 0,
        };
        if !self.write_gold(&plan, &decisions) {
            return true;
        }
        let first = plan
            .disagreements
            .iter()
            .position(|d| !decisions.contains_key(&d.signature(&plan.annotators)))
            .unwrap_or(0);
        // The versions share one text: it is not corrected while they are adjudicated.
        self.correcting = false;
        self.typing = None;
        self.adjudication = Some(AdjudicationRun {
            current: first,
            ..run
        });
        let n = plan.disagreements.len();
        let waiting = n - decisions.len();
        self.info(&format!(
            "Adjudicating: {} agreed, {n} disagreement{} ({waiting} to settle)",
            plan.agreed.len(),
            if n == 1 { "" } else { "s" }
        ))
    }

    /// The annotators' versions changed while adjudicating (an updated file): the mode plans
    /// them again and writes gold anew — what is newly agreed joins it, and every decision
    /// whose disagreement is unchanged stays.
    pub(super) fn replan_adjudication(&mut self) {
        let Some(run) = self.adjudication.as_ref() else {
            return;
        };
        if run.is_of(&self.editor().document().id) {
            let consensus = run.consensus;
            self.start_adjudication(consensus);
        }
    }

    /// Writes gold from the plan and `decisions`, shown, as one undoable step; false (and the
    /// status says why) when it cannot be.
    fn write_gold(&mut self, plan: &Plan, decisions: &HashMap<String, Decision>) -> bool {
        let layer = adjudication::gold(plan, decisions);
        let left_out = adjudication::left_out(plan, decisions);
        let written = match with_gold(self.editor().document(), layer, left_out) {
            Ok(document) => document,
            Err(crate::model::versions::VersionError::NothingToChange) => return true,
            Err(e) => {
                self.error(&format!("Gold could not be written: {e}"));
                return false;
            }
        };
        if *self.editor().document() == written {
            return true;
        }
        let command = self.editor().versions_command(written, None);
        // The step is the model's: undoable, stored, redrawn.
        self.run_reporting(command)
    }

    fn settle(&mut self, decision: Decision) -> bool {
        let Some(run) = self.adjudication.as_ref() else {
            return false;
        };
        let Some(disagreement) = run.plan.disagreements.get(run.current) else {
            return false;
        };
        if let Decision::Take(annotator) = decision {
            if annotator >= run.plan.annotators.len() {
                return false;
            }
        }
        let plan = Rc::clone(&run.plan);
        let from = run.current;
        let mut decisions = self.decisions(run);
        decisions.insert(disagreement.signature(&plan.annotators), decision);
        if !self.write_gold(&plan, &decisions) {
            return true;
        }
        // On to the next one still waiting, after this one. Gold now holds exactly these
        // decisions (each disagreement's items are its own), so they are not read back again.
        let n = plan.disagreements.len();
        let next = (1..n)
            .map(|k| (from + k) % n)
            .find(|&i| !decisions.contains_key(&plan.disagreements[i].signature(&plan.annotators)));
        if let (Some(run), Some(next)) = (self.adjudication.as_mut(), next) {
            run.current = next;
        }
        let waiting = n - decisions.len();
        if waiting == 0 {
            return self
                .info("Every disagreement is settled; gold is shown (Esc ends adjudication)");
        }
        true
    }

    fn step_disagreement(&mut self, forward: bool) -> bool {
        let Some(run) = self.adjudication.as_mut() else {
            return false;
        };
        let n = run.plan.disagreements.len();
        if n == 0 {
            return false;
        }
        run.current = if forward {
            (run.current + 1) % n
        } else {
            (run.current + n - 1) % n
        };
        true
    }

    /// A key while adjudicating; `None` when it means nothing to the mode.
    pub(super) fn adjudication_key(&mut self, key: &KeyPress) -> Option<bool> {
        let run = self.adjudication.as_ref()?;
        if run.document != self.editor().document().id {
            // Another document is open: the mode ends.
            self.adjudication = None;
            return None;
        }
        if key.ctrl || key.alt {
            return None;
        }
        let step = match key.key.as_str() {
            "n" if !key.shift => AdjudicationStep::Next,
            "N" | "n" => AdjudicationStep::Previous,
            "a" | "A" => AdjudicationStep::Decide(Decision::All),
            "0" => AdjudicationStep::Decide(Decision::Neither),
            "Escape" => AdjudicationStep::Stop,
            digit => {
                let k: usize = digit.parse().ok().filter(|k| (1..=9).contains(k))?;
                AdjudicationStep::Decide(Decision::Take(k - 1))
            }
        };
        Some(self.adjudicate(step))
    }
}
