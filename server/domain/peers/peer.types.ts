// The systems Hotline exchanges signed messages with (docs/integration.md).
export const PEER_KINDS = ['upstream', 'province_ratings', 'linkage', 'data_report'] as const;
export type PeerKind = (typeof PEER_KINDS)[number];

/** The services a linkage peer stands for (110 police, 119 fire, 120 ambulance, 122 traffic police). */
export const LINKAGE_PARTNERS = ['110', '119', '120', '122'] as const;
export type LinkagePartner = (typeof LINKAGE_PARTNERS)[number];

export interface PeerRow {
  id: number;
  code: string;
  name: string;
  kind: PeerKind;
  partner: LinkagePartner | null;
  url: string | null;
  active: boolean | number;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface PeerKeyRow {
  id: number;
  peer_id: number;
  key_id: string;
  secret_sealed: string;
  /** null: current; else the moment it stops being accepted (a rotated key's grace). */
  not_after: string | null;
  created_by: number | null;
  created_at: string;
}
