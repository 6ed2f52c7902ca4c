//! The agreement job's input read from documents with annotators' versions
//! ([`crate::model::versions`]): the annotators in the order first met, and each document with
//! a version (or none) for every annotator. A document of one layer has nobody to agree with
//! and is left out, and so is the gold version adjudication makes: agreement is between
//! annotators ([`crate::model::adjudication::GOLD`]).

use crate::agreement::job::DocumentVersions;
use crate::model::document::Document;

/// The annotators and documents to hand to [`crate::agreement::AgreementJob::new`] (or
/// [`crate::agreement::agreement`]), from documents in workspace order.
pub fn versions_of<'a>(
    documents: impl IntoIterator<Item = &'a Document>,
) -> (Vec<String>, Vec<DocumentVersions>) {
    let mut annotators: Vec<String> = Vec::new();
    let mut read: Vec<(&Document, Vec<(usize, Document)>)> = Vec::new();
    for document in documents {
        let versions: Vec<(Option<std::rc::Rc<str>>, Document)> = document
            .version_documents()
            .into_iter()
            .filter(|(name, _)| name.as_deref() != Some(crate::model::adjudication::GOLD))
            .collect();
        if versions.len() < 2 {
            continue;
        }
        let versions = versions
            .into_iter()
            .map(|(name, version)| {
                let name = name.as_deref().unwrap_or_default();
                let index = match annotators.iter().position(|a| a == name) {
                    Some(index) => index,
                    None => {
                        annotators.push(name.to_string());
                        annotators.len() - 1
                    }
                };
                (index, version)
            })
            .collect();
        read.push((document, versions));
    }
    let n = annotators.len();
    let documents = read
        .into_iter()
        .map(|(document, versions)| {
            let mut by_annotator: Vec<Option<Document>> = vec![None; n];
            for (index, version) in versions {
                by_annotator[index] = Some(version);
            }
            DocumentVersions {
                id: document.id.clone(),
                title: std::rc::Rc::clone(&document.title),
                versions: by_annotator,
            }
        })
        .collect();
    (annotators, documents)
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;
    use crate::agreement::agreement;
    use crate::model::fixture::parse_fixture;
    use crate::model::versions;

    fn by(name: &str, fixture: &str) -> Document {
        parse_fixture(fixture).with_annotator(Some(Rc::from(name)))
    }

    #[test]
    fn versions_become_the_jobs_annotators_and_documents() {
        let one = versions::stack(
            &by("Ana", "[Blinken|PERSON] in [Cairo|GPE]"),
            &by("Ben", "[Blinken|PERSON] in Cairo"),
            None,
        )
        .unwrap();
        let two = versions::stack(
            &by("Cy", "[Kamel|PERSON] said").with_id("d2"),
            &by("Ana", "[Kamel|PERSON] said").with_id("d2"),
            None,
        )
        .unwrap();
        let alone = by("Ana", "[Gaza|GPE]").with_id("d3");
        // Gold beside one annotator is nobody to agree with.
        let adjudicated = versions::stack(
            &by("Ana", "[Rafah|GPE]").with_id("d4"),
            &by(crate::model::adjudication::GOLD, "[Rafah|GPE]").with_id("d4"),
            None,
        )
        .unwrap();
        let (annotators, documents) = versions_of([&one, &two, &alone, &adjudicated]);
        assert_eq!(annotators, ["Ana", "Ben", "Cy"]);
        let shape: Vec<(&str, Vec<Option<usize>>)> = documents
            .iter()
            .map(|d| {
                let counts = d
                    .versions
                    .iter()
                    .map(|v| v.as_ref().map(|v| v.annotations().len()))
                    .collect();
                (d.id.as_str(), counts)
            })
            .collect();
        assert_eq!(
            shape,
            [
                ("fixture", vec![Some(2), Some(1), None]),
                ("d2", vec![Some(1), None, Some(1)])
            ]
        );
        let result = agreement(annotators, documents).unwrap();
        let pairs: Vec<(usize, usize, usize)> = result
            .pooled_pairs()
            .iter()
            .map(|p| (p.a, p.b, p.counts.spans.exact.total().matched))
            .collect();
        assert_eq!(pairs, [(0, 1, 1), (0, 2, 1), (1, 2, 0)]);
    }
}
