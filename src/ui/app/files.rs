//! Reading the files the person chose or dropped; the session opens them once all are read.

use super::{App, Msg};
use crate::formats::interchange::InputFile;
use crate::session::files::too_large;
use crate::session::Intent;

/// The files of a file list, in order.
pub(super) fn file_list(list: web_sys::FileList) -> Vec<web_sys::File> {
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

impl App {
    pub(super) fn read_files(&mut self, files: Vec<web_sys::File>) -> bool {
        if files.is_empty() {
            return false;
        }
        let sizes: Vec<(String, f64)> = files.iter().map(|f| (f.name(), f.size())).collect();
        if let Some(refusal) = too_large(&sizes) {
            return self.dispatch(Intent::ShowError(refusal));
        }
        let names: Vec<String> = sizes.into_iter().map(|(name, _)| name).collect();
        self.loading = names.iter().map(|n| (n.clone(), None)).collect();
        self.readers = files
            .into_iter()
            .enumerate()
            .map(|(index, file)| {
                let link = self.link.clone();
                let name = file.name();
                let file = gloo::file::File::from(file);
                gloo::file::callbacks::read_as_bytes(&file, move |result| {
                    let result = result.map_err(|e| e.to_string());
                    link.send_message(Msg::Loaded {
                        index,
                        name,
                        result,
                    });
                })
            })
            .collect();
        self.dispatch(Intent::ShowInfo(format!("Reading {}…", names.join(", "))))
    }

    /// A chosen folder: the files Spanwise opens, in the order of their names, are read.
    pub(super) fn read_folder(&mut self, files: Vec<web_sys::File>) -> bool {
        let names: Vec<String> = files.iter().map(|f| f.name()).collect();
        match crate::session::files::folder_selection(&names) {
            Ok(chosen) => {
                let mut files: Vec<Option<web_sys::File>> = files.into_iter().map(Some).collect();
                self.read_files(chosen.into_iter().filter_map(|i| files[i].take()).collect())
            }
            Err(refusal) => self.dispatch(Intent::ShowError(refusal)),
        }
    }

    pub(super) fn file_loaded(
        &mut self,
        index: usize,
        name: String,
        result: super::ReadResult,
    ) -> bool {
        if let Some(slot) = self.loading.get_mut(index).filter(|(n, _)| *n == name) {
            slot.1 = Some(result);
        }
        if self.loading.iter().any(|(_, r)| r.is_none()) {
            return false;
        }
        self.readers.clear();
        let loading = std::mem::take(&mut self.loading);
        let mut files = Vec::with_capacity(loading.len());
        for (name, result) in loading {
            match result {
                Some(Ok(bytes)) => files.push(InputFile { name, bytes }),
                Some(Err(e)) => {
                    return self.dispatch(Intent::ShowError(format!(
                        "{name} could not be read ({e}). Your work on screen is unchanged."
                    )))
                }
                None => return false,
            }
        }
        self.dispatch(Intent::FilesRead(files))
    }
}
