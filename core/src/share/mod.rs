//! Node keys, share keys, `ha`, `cr` and the node `k` field (docs/format/share-keys.md).
//!
//! Every symmetric key the server stores is wrapped with AES-ECB, without integrity: under the
//! master key for the user's own nodes, under a share key inside shared folders and folder links.
//! The functions here unwrap strictly (exact lengths; a file key with equal halves and the all-zero
//! key are refused, BHP attack A4) and report unwrap failures as the opaque [`ErrorKind::Decrypt`](crate::ErrorKind::Decrypt).
//!
//! What this module deliberately does **not** offer: re-wrapping server-supplied key material under
//! the master key. Official clients used to turn RSA-encrypted node keys into master-key-wrapped ones
//! automatically, which gave a malicious server an AES-ECB encryption oracle under the master key
//! (the MEGAdrop oracle of "Caveat Implementor!", Eurocrypt 2023). [`wrap_node_key`] takes a
//! [`NodeKey`](crate::NodeKey) the caller created or deliberately imported; never feed it the
//! output of RSA decryption or of [`unwrap_key_field`] for an item wrapped by someone else.

mod block_registry;
mod cr;
mod key_field;
mod keyring;
mod owner_key;
mod wrap;

pub use block_registry::KeyBlockRegistry;
pub use cr::{CrElement, CrKey};
pub use key_field::{
    KeyContext, KeyItem, KeyItemOwner, NodeKeySource, parse_key_field, unwrap_key_field,
};
pub use keyring::ShareKeyring;
pub use owner_key::{
    KEY_MANAGER_PLACEHOLDER, OwnerShareKey, handle_auth, handle_auth_b64,
    is_key_manager_placeholder, read_owner_share_key, unwrap_owner_share_key, verify_handle_auth,
};
pub use wrap::{
    unwrap_node_key, unwrap_node_key_b64, unwrap_share_key_b64, wrap_node_key, wrap_node_key_b64,
    wrap_share_key,
};
