//! The statistics panel's six charts: of the open document, and the workspace's progress.

use std::rc::Rc;

use crate::charts;
use crate::model::stats;
use crate::model::workspace::Workspace;

/// How many entities the panel ranks by mentions.
const TOP_ENTITIES: usize = 10;

/// One chart of the panel, ready to show and to download.
#[derive(Clone, Debug, PartialEq)]
pub struct PanelChart {
    /// The chart's kind (`labels`, `claims-verdict`, …): its test hook and file name.
    pub kind: &'static str,
    pub title: &'static str,
    pub svg: Rc<str>,
}

pub fn panel_charts(workspace: &Workspace) -> Vec<PanelChart> {
    let editor = workspace.editor();
    let (document, schema) = (editor.document(), editor.schema());
    let stats = stats::document_stats(document, schema, TOP_ENTITIES);
    let chart = |kind, title, svg: String| PanelChart {
        kind,
        title,
        svg: Rc::from(svg),
    };
    vec![
        chart(
            "labels",
            "Spans per label",
            charts::labels_chart(&stats.labels, schema),
        ),
        chart(
            "claims-verdict",
            "Claims by verdict",
            charts::claims_verdict_chart(&stats.claims),
        ),
        chart(
            "claims-worthiness",
            "Claims by check-worthiness",
            charts::claims_worthiness_chart(&stats.claims),
        ),
        chart(
            "coverage",
            "Coverage of the text",
            charts::coverage_chart(&stats.coverage),
        ),
        chart(
            "entities",
            "Top entities by mentions",
            charts::top_entities_chart(&stats.top_entities),
        ),
        chart(
            "progress",
            "Progress per document (workspace)",
            charts::progress_chart(&stats::workspace_progress(workspace)),
        ),
    ]
}
