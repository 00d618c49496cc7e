//! The `cr` element that carries a share's subtree keys (docs/format/share-keys.md#the-cr-element).

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use serde_json::Value;

use super::wrap::{unwrap_node_key, wrap_node_key};
use crate::base64;
use crate::error::{Error, Result};
use crate::handles::NodeHandle;
use crate::keys::{NodeKey, ShareKey};

/// One key of a `cr` element: node `node_index` wrapped under share `share_index`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrKey {
    /// Index into [`CrElement::shares`].
    pub share_index: usize,
    /// Index into [`CrElement::nodes`].
    pub node_index: usize,
    /// The node key wrapped under the share key (AES-ECB).
    pub wrapped: Vec<u8>,
}

/// The `cr` element that carries a share's subtree keys (docs/format/share-keys.md#the-cr-element):
/// `[[share handles], [node handles], [share_index, node_index, B64(E_sharekey(node key)), ...]]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CrElement {
    /// Share root handles.
    pub shares: Vec<NodeHandle>,
    /// Node handles.
    pub nodes: Vec<NodeHandle>,
    /// The wrapped keys (flat triples in JSON).
    pub keys: Vec<CrKey>,
}

impl CrElement {
    /// Builds the `cr` element for one share: every node key wrapped under the share key.
    pub fn for_share(
        share: NodeHandle,
        share_key: &ShareKey,
        nodes: &[(NodeHandle, &NodeKey)],
    ) -> Self {
        let keys = nodes
            .iter()
            .enumerate()
            .map(|(i, (_, nk))| CrKey {
                share_index: 0,
                node_index: i,
                wrapped: wrap_node_key(share_key.as_aes_key(), nk),
            })
            .collect();
        CrElement {
            shares: alloc::vec![share],
            nodes: nodes.iter().map(|(h, _)| *h).collect(),
            keys,
        }
    }

    /// The JSON array to send.
    pub fn to_json(&self) -> String {
        let shares = self
            .shares
            .iter()
            .map(|h| Value::from(h.to_b64()))
            .collect::<Vec<_>>();
        let nodes = self
            .nodes
            .iter()
            .map(|h| Value::from(h.to_b64()))
            .collect::<Vec<_>>();
        let mut triples = Vec::with_capacity(self.keys.len() * 3);
        for k in &self.keys {
            triples.push(Value::from(k.share_index));
            triples.push(Value::from(k.node_index));
            triples.push(Value::from(base64::encode(&k.wrapped)));
        }
        Value::Array(alloc::vec![
            Value::Array(shares),
            Value::Array(nodes),
            Value::Array(triples)
        ])
        .to_string()
    }

    /// Parses a `cr` element; indices must be in range and wrapped keys 16 or 32 bytes.
    pub fn from_json(json: &str) -> Result<Self> {
        let bad = || Error::malformed("cr element is malformed");
        let v: Value = serde_json::from_str(json).map_err(|_| bad())?;
        let [shares, nodes, triples] = v.as_array().map(Vec::as_slice).ok_or_else(bad)? else {
            return Err(bad());
        };
        let handles = |v: &Value| -> Result<Vec<NodeHandle>> {
            v.as_array()
                .ok_or_else(bad)?
                .iter()
                .map(|h| NodeHandle::from_b64(h.as_str().ok_or_else(bad)?).map_err(|_| bad()))
                .collect()
        };
        let shares = handles(shares)?;
        let nodes = handles(nodes)?;
        let flat = triples.as_array().ok_or_else(bad)?;
        if !flat.len().is_multiple_of(3) {
            return Err(bad());
        }
        let index = |v: &Value, max: usize| -> Result<usize> {
            let i = usize::try_from(v.as_u64().ok_or_else(bad)?).map_err(|_| bad())?;
            if i < max { Ok(i) } else { Err(bad()) }
        };
        let keys = flat
            .chunks_exact(3)
            .map(|t| match t {
                [s, n, k] => {
                    let wrapped = base64::decode(k.as_str().ok_or_else(bad)?).map_err(|_| bad())?;
                    if wrapped.len() != 16 && wrapped.len() != 32 {
                        return Err(bad());
                    }
                    Ok(CrKey {
                        share_index: index(s, shares.len())?,
                        node_index: index(n, nodes.len())?,
                        wrapped,
                    })
                }
                _ => Err(bad()),
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(CrElement {
            shares,
            nodes,
            keys,
        })
    }

    /// Unwraps every key whose share key is known: `(node handle, share handle, result)`.
    pub fn unwrap_keys<'s>(
        &self,
        share_key: impl Fn(&NodeHandle) -> Option<&'s ShareKey>,
    ) -> Vec<(NodeHandle, NodeHandle, Result<NodeKey>)> {
        self.keys
            .iter()
            .filter_map(|k| {
                let share = *self.shares.get(k.share_index)?;
                let node = *self.nodes.get(k.node_index)?;
                let sk = share_key(&share)?;
                Some((node, share, unwrap_node_key(sk.as_aes_key(), &k.wrapped)))
            })
            .collect()
    }
}
