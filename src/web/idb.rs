//! The browser's database (IndexedDB, through the `idb` crate): carries the records laid out
//! in [`crate::store`] to and from it. Nothing is decided here.
//!
//! Why IndexedDB: `localStorage` holds about 5 million characters per site, a few hundred
//! articles; IndexedDB holds a large share of the disk. It is asynchronous, so a write is
//! started at once ([`write`] issues every request before it returns) and counted as stored
//! only when its transaction completes.

use std::future::{Future, IntoFuture};

use idb::{
    Database, DatabaseEvent, Factory, ObjectStore, ObjectStoreParams, TransactionMode,
    TransactionResult,
};
use wasm_bindgen::{JsCast, JsValue};

use crate::store::load::Records;
use crate::store::{
    Batch, StorageError, ANNOTATOR_KEY, CURRENT_KEY, DOCS, META, ORDER_KEY, SETTINGS, TEXTS,
};

const NAME: &str = "spanwise";
const VERSION: u32 = 1;
const STORES: [&str; 4] = [TEXTS, DOCS, META, SETTINGS];

fn classify(error: idb::Error) -> StorageError {
    match &error {
        idb::Error::DomException(e) => exception(e),
        _ => {
            let text = error.to_string();
            if text.contains("QuotaExceeded") {
                StorageError::Full
            } else {
                StorageError::Other(text)
            }
        }
    }
}

fn exception(e: &web_sys::DomException) -> StorageError {
    if e.name() == "QuotaExceededError" {
        StorageError::Full
    } else {
        StorageError::Other(format!("{}: {}", e.name(), e.message()))
    }
}

/// Opens the database, creating its stores on first use.
pub async fn open() -> Result<Database, StorageError> {
    let factory = Factory::new().map_err(|_| StorageError::Unavailable)?;
    let mut request = factory
        .open(NAME, Some(VERSION))
        .map_err(|_| StorageError::Unavailable)?;
    request.on_upgrade_needed(|event| {
        let Ok(database) = event.database() else {
            return;
        };
        let existing = database.store_names();
        for store in STORES {
            if !existing.iter().any(|s| s == store) {
                let _ = database.create_object_store(store, ObjectStoreParams::new());
            }
        }
    });
    request.await.map_err(classify)
}

/// A record's key, and its value when it is a string.
type KeyValue = (String, Option<String>);

/// Every record of a store as `(key, value)` strings. Both requests are issued and listened to
/// before this returns, so requests on several stores go to the database in one round and no
/// outcome can arrive before it is listened to; the future gathers them.
fn all_records(
    store: &ObjectStore,
) -> Result<impl Future<Output = Result<Vec<KeyValue>, StorageError>>, StorageError> {
    let keys = store
        .get_all_keys(None, None)
        .map_err(classify)?
        .into_future();
    let values = store.get_all(None, None).map_err(classify)?.into_future();
    Ok(async move {
        let keys = keys.await.map_err(classify)?;
        let values = values.await.map_err(classify)?;
        Ok(keys
            .into_iter()
            .zip(values)
            .filter_map(|(k, v)| Some((k.as_string()?, v.as_string())))
            .collect())
    })
}

/// Every record: the settings, then every meta, docs and texts record (read at start only,
/// before anything is written).
pub async fn read_all(database: &Database) -> Result<Records, StorageError> {
    let (order, current, _) = read_settings(database).await?;
    read_all_with(database, order, current).await
}

/// Every meta, docs and texts record (in one round), with the settings already read.
pub async fn read_all_with(
    database: &Database,
    order: Option<String>,
    current: Option<String>,
) -> Result<Records, StorageError> {
    let transaction = database
        .transaction(&[META, DOCS, TEXTS], TransactionMode::ReadOnly)
        .map_err(classify)?;
    let meta = all_records(&transaction.object_store(META).map_err(classify)?)?;
    let docs = all_records(&transaction.object_store(DOCS).map_err(classify)?)?;
    let texts = all_records(&transaction.object_store(TEXTS).map_err(classify)?)?;
    let mut records = Records {
        order,
        current,
        metas: meta
            .await?
            .into_iter()
            .filter_map(|(k, v)| Some((k, v?)))
            .collect(),
        documents: Default::default(),
    };
    for (key, value) in docs.await? {
        records.documents.entry(key).or_default().0 = value;
    }
    for (key, value) in texts.await? {
        records.documents.entry(key).or_default().1 = value;
    }
    Ok(records)
}

/// The `order`, `current` and `annotator` settings alone: enough to choose the document to
/// open first.
pub async fn read_settings(
    database: &Database,
) -> Result<(Option<String>, Option<String>, Option<String>), StorageError> {
    let transaction = database
        .transaction(&[SETTINGS], TransactionMode::ReadOnly)
        .map_err(classify)?;
    let settings = transaction.object_store(SETTINGS).map_err(classify)?;
    let order = settings
        .get(JsValue::from_str(ORDER_KEY))
        .map_err(classify)?
        .into_future();
    let current = settings
        .get(JsValue::from_str(CURRENT_KEY))
        .map_err(classify)?
        .into_future();
    let annotator = settings
        .get(JsValue::from_str(ANNOTATOR_KEY))
        .map_err(classify)?
        .into_future();
    Ok((
        order.await.map_err(classify)?.and_then(|v| v.as_string()),
        current.await.map_err(classify)?.and_then(|v| v.as_string()),
        annotator
            .await
            .map_err(classify)?
            .and_then(|v| v.as_string()),
    ))
}

/// One setting, when stored.
pub async fn read_setting(database: &Database, key: &str) -> Result<Option<String>, StorageError> {
    let transaction = database
        .transaction(&[SETTINGS], TransactionMode::ReadOnly)
        .map_err(classify)?;
    let settings = transaction.object_store(SETTINGS).map_err(classify)?;
    let value = settings
        .get(JsValue::from_str(key))
        .map_err(classify)?
        .into_future();
    Ok(value.await.map_err(classify)?.and_then(|v| v.as_string()))
}

/// Stores one setting (or deletes it: `None`), in a transaction of its own.
pub fn write_setting(
    database: &Database,
    key: &str,
    value: Option<&str>,
) -> Result<impl Future<Output = Result<(), StorageError>>, StorageError> {
    let transaction = database
        .transaction(&[SETTINGS], TransactionMode::ReadWrite)
        .map_err(classify)?;
    let store = transaction.object_store(SETTINGS).map_err(classify)?;
    match value {
        Some(value) => store
            .put(&JsValue::from_str(value), Some(&JsValue::from_str(key)))
            .map(drop),
        None => store.delete(JsValue::from_str(key)).map(drop),
    }
    .map_err(classify)?;
    let done = transaction.commit().map_err(classify)?.into_future();
    Ok(async move {
        match done.await {
            Ok(TransactionResult::Committed) => Ok(()),
            Ok(TransactionResult::Aborted) => {
                Err(StorageError::Other("the write was aborted".into()))
            }
            Err(e) => Err(classify(e)),
        }
    })
}

/// The records of `ids` in each of `stores` (in one transaction, every request issued at
/// once): `out[i][k]` is store `k`'s record of `ids[i]`.
pub async fn read_keys(
    database: &Database,
    stores: &[&str],
    ids: &[String],
) -> Result<Vec<Vec<Option<String>>>, StorageError> {
    let transaction = database
        .transaction(stores, TransactionMode::ReadOnly)
        .map_err(classify)?;
    let mut handles = Vec::with_capacity(stores.len());
    for name in stores {
        handles.push(transaction.object_store(name).map_err(classify)?);
    }
    let mut requests = Vec::with_capacity(ids.len() * stores.len());
    for id in ids {
        for store in &handles {
            requests.push(
                store
                    .get(JsValue::from_str(id))
                    .map_err(classify)?
                    .into_future(),
            );
        }
    }
    let mut out = Vec::with_capacity(ids.len());
    let mut row = Vec::with_capacity(stores.len());
    for request in requests {
        row.push(request.await.map_err(classify)?.and_then(|v| v.as_string()));
        if row.len() == stores.len() {
            out.push(std::mem::replace(
                &mut row,
                Vec::with_capacity(stores.len()),
            ));
        }
    }
    Ok(out)
}

/// The keys of the meta store: every listed document.
pub async fn meta_keys(database: &Database) -> Result<Vec<String>, StorageError> {
    let transaction = database
        .transaction(&[META], TransactionMode::ReadOnly)
        .map_err(classify)?;
    let store = transaction.object_store(META).map_err(classify)?;
    Ok(store
        .get_all_keys(None, None)
        .map_err(classify)?
        .await
        .map_err(classify)?
        .into_iter()
        .filter_map(|k| k.as_string())
        .collect())
}

/// The keys of the texts and docs stores (to find the records no list record names).
pub async fn stored_keys(database: &Database) -> Result<Vec<String>, StorageError> {
    let transaction = database
        .transaction(&[DOCS, TEXTS], TransactionMode::ReadOnly)
        .map_err(classify)?;
    let mut requests = Vec::new();
    for name in [DOCS, TEXTS] {
        let store = transaction.object_store(name).map_err(classify)?;
        requests.push(
            store
                .get_all_keys(None, None)
                .map_err(classify)?
                .into_future(),
        );
    }
    let mut keys = Vec::new();
    for request in requests {
        keys.extend(
            request
                .await
                .map_err(classify)?
                .into_iter()
                .filter_map(|k| k.as_string()),
        );
    }
    Ok(keys)
}

/// The `docs` and `texts` records of some documents, by id.
pub async fn read_documents(
    database: &Database,
    ids: &[String],
) -> Result<std::collections::HashMap<String, (Option<String>, Option<String>)>, StorageError> {
    let rows = read_keys(database, &[DOCS, TEXTS], ids).await?;
    Ok(ids
        .iter()
        .cloned()
        .zip(rows.into_iter().map(|mut r| (r[0].take(), r[1].take())))
        .collect())
}

/// Starts one write: every request is issued before this returns (so a write started as the
/// page goes away is in the database's hands), and the future tells how the transaction ended.
pub fn write(
    database: &Database,
    batch: &Batch,
) -> Result<impl Future<Output = Result<(), StorageError>>, StorageError> {
    let transaction = database
        .transaction(&STORES, TransactionMode::ReadWrite)
        .map_err(classify)?;
    let put = |store: &str, key: &str, value: &str| -> Result<(), StorageError> {
        let store = transaction.object_store(store).map_err(classify)?;
        // The request's own outcome is the transaction's: only the transaction is awaited.
        store
            .put(&JsValue::from_str(value), Some(&JsValue::from_str(key)))
            .map(drop)
            .map_err(classify)
    };
    for (id, text) in &batch.texts {
        put(TEXTS, id, text)?;
    }
    for (id, json) in &batch.docs {
        put(DOCS, id, json)?;
    }
    for (id, json) in &batch.metas {
        put(META, id, json)?;
    }
    if let Some(order) = &batch.order {
        put(SETTINGS, ORDER_KEY, order)?;
    }
    if let Some(current) = &batch.current {
        put(SETTINGS, CURRENT_KEY, current)?;
    }
    for id in &batch.removed {
        let store = transaction.object_store(META).map_err(classify)?;
        store
            .delete(JsValue::from_str(id))
            .map(drop)
            .map_err(classify)?;
    }
    for id in &batch.orphans {
        for name in [TEXTS, DOCS] {
            let store = transaction.object_store(name).map_err(classify)?;
            store
                .delete(JsValue::from_str(id))
                .map(drop)
                .map_err(classify)?;
        }
    }
    // Kept to read why the transaction aborted: the `idb` future says only that it did.
    let raw: web_sys::IdbTransaction = transaction.into();
    let transaction = idb::Transaction::from(raw.clone());
    let done = transaction.commit().map_err(classify)?.into_future();
    Ok(async move {
        match done.await {
            Ok(TransactionResult::Committed) => Ok(()),
            Ok(TransactionResult::Aborted) => Err(raw
                .error()
                .map(|e| exception(&e))
                .unwrap_or_else(|| StorageError::Other("the write was aborted".into()))),
            Err(e) => Err(classify(e)),
        }
    })
}

/// How many bytes the site uses and may use (`navigator.storage.estimate()`), and whether the
/// browser keeps its storage under pressure (`persisted()`); `None` when it does not tell.
pub async fn usage() -> Option<(f64, f64, bool)> {
    let manager = super::window().navigator().storage();
    let value = wasm_bindgen_futures::JsFuture::from(manager.estimate().ok()?)
        .await
        .ok()?;
    let estimate: web_sys::StorageEstimate = value.unchecked_into();
    let persisted = match manager.persisted() {
        Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
        Err(_) => false,
    };
    Some((estimate.get_usage()?, estimate.get_quota()?, persisted))
}

/// Asks the browser to keep the site's storage under pressure (`navigator.storage.persist()`);
/// whether it agreed.
pub async fn persist() -> bool {
    let manager = super::window().navigator().storage();
    let Ok(promise) = manager.persist() else {
        return false;
    };
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}
