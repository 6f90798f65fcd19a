"""Cross-cutting helpers every package shares (argument checks, progress bars); imports none of them."""
