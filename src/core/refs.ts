declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

/** Opaque platform references: only adapters build or read them; the core stores and compares. */
export type WorkspaceRef = Brand<string, 'WorkspaceRef'>;
export type ChannelRef = Brand<string, 'ChannelRef'>;
export type MessageRef = Brand<string, 'MessageRef'>;
export type UserRef = Brand<string, 'UserRef'>;

export const workspaceRef = (s: string) => s as WorkspaceRef;
export const channelRef = (s: string) => s as ChannelRef;
export const messageRef = (s: string) => s as MessageRef;
export const userRef = (s: string) => s as UserRef;

/** Platform names are data, never branched on by the core. */
export type Platform = string;
