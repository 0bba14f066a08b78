"""Qt translation files: `kiosk_en.ts` (source, edited with Qt Linguist) and `kiosk_en.qm` (compiled)."""
