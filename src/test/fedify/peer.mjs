// ActivityPub test peer for linkback's Java integration tests.
//
// Started by the Java tests as `node peer.mjs` (optional env PORT, default 0 =
// any free port). Binds 127.0.0.1 only, prints exactly one JSON line
//   {"ready":true,"origin":"http://127.0.0.1:PORT"}
// to stdout when listening, and logs nothing else to stdout (stderr only).
// Exits when stdin closes, and on SIGTERM/SIGINT.
//
// It hosts one Fedify actor, alice (Person, RSA-2048 key only, so outgoing
// POSTs carry draft-cavage HTTP Signatures with rsa-sha256), records every
// activity Fedify accepted in its inboxes, and is driven over an unsigned
// JSON control API under /control/ (see README.md).
import http from "node:http";
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import {
  Activity,
  Announce,
  Create,
  createFederation,
  Delete,
  Endpoints,
  Follow,
  generateCryptoKeyPair,
  Image,
  Like,
  MemoryKvStore,
  Mention,
  Note,
  Person,
  PUBLIC_COLLECTION,
  Tombstone,
  Undo,
  Update,
} from "@fedify/fedify";
// Fedify 1.5 on Node 20 uses this polyfill; the same (deduplicated) copy must
// be used so its instanceof checks on Temporal.Instant pass.
import { Temporal } from "@js-temporal/polyfill";

const log = (...args) => console.error("[fedify-peer]", ...args);

const ALICE = "alice";
const AVATAR_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  "base64",
);

let ORIGIN = null; // set once listening
const keyPair = await generateCryptoKeyPair("RSASSA-PKCS1-v1_5");

// In-memory state.
const received = []; // recorded inbox entries, oldest first
const notes = new Map(); // uuid -> { id, inReplyTo, content, published, updated, to, cc, tags, deleted }
const sent = new Map(); // activity id -> Activity object this peer sent
const remoteActors = new Map(); // actor id -> looked-up Actor
const rawRequest = new AsyncLocalStorage(); // raw inbox POST seen by the adapter

const federation = createFederation({
  kv: new MemoryKvStore(),
  allowPrivateAddress: true,
  // no queue: sends happen inside the control request and errors surface there
});

federation
  .setActorDispatcher("/users/{identifier}", async (ctx, identifier) => {
    if (identifier !== ALICE) return null;
    const keys = await ctx.getActorKeyPairs(identifier);
    return new Person({
      id: ctx.getActorUri(identifier),
      preferredUsername: ALICE,
      name: "Alice Peer",
      url: new URL("/@alice", ctx.origin),
      icon: new Image({
        url: new URL("/avatar.png", ctx.origin),
        mediaType: "image/png",
      }),
      inbox: ctx.getInboxUri(identifier),
      endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
      followers: ctx.getFollowersUri(identifier),
      publicKey: keys[0]?.cryptographicKey,
      assertionMethods: keys.map((k) => k.multikey),
    });
  })
  .setKeyPairsDispatcher((_ctx, identifier) =>
    identifier === ALICE ? [keyPair] : []
  );

federation.setFollowersDispatcher(
  "/users/{identifier}/followers",
  (_ctx, identifier) => (identifier === ALICE ? { items: [] } : null),
);

federation.setObjectDispatcher(Note, "/notes/{id}", (ctx, { id }) => {
  const n = notes.get(id);
  if (n == null || n.deleted) return null; // deleted notes: 410 in the adapter
  return buildNote(ctx, n);
});

// Sent activities are dereferenceable too (convenience for the Java side).
for (const [cls, path] of [
  [Create, "/notes/{id}/activity"],
  [Follow, "/follows/{id}"],
  [Like, "/likes/{id}"],
  [Announce, "/announces/{id}"],
  [Undo, "/undos/{id}"],
  [Update, "/updates/{id}"],
  [Delete, "/deletes/{id}"],
]) {
  federation.setObjectDispatcher(cls, path, (ctx, { id }) => {
    const a = sent.get(new URL(path.replace("{id}", id), ctx.origin).href);
    return a instanceof cls ? a : null;
  });
}

federation
  .setInboxListeners("/users/{identifier}/inbox", "/inbox")
  .on(Activity, async (ctx, activity) => {
    const raw = rawRequest.getStore();
    const json = await activity.toJsonLd({
      format: "compact",
      contextLoader: ctx.contextLoader,
    });
    received.push({
      type: Array.isArray(json.type) ? json.type[0] : json.type,
      id: activity.id?.href ?? null,
      actor: activity.actorId?.href ?? null,
      receivedAt: new Date().toISOString(),
      inbox: ctx.recipient == null ? "shared" : "personal",
      recipient: ctx.recipient,
      activity: json,
      raw: raw?.json ?? null, // the body exactly as POSTed (parsed)
      signature: raw?.signature ?? null, // the Signature header as POSTed
    });
    log("received", json.type, activity.id?.href, "from", activity.actorId?.href);
  })
  .onError((_ctx, error) => log("inbox error:", error?.stack ?? error));

function buildNote(ctx, n) {
  const id = new URL(n.id);
  return new Note({
    id,
    attribution: ctx.getActorUri(ALICE),
    replyTarget: n.inReplyTo == null ? null : new URL(n.inReplyTo),
    content: n.content,
    published: Temporal.Instant.from(n.published),
    updated: n.updated == null ? null : Temporal.Instant.from(n.updated),
    url: id,
    tos: n.to.map((u) => new URL(u)),
    ccs: n.cc.map((u) => new URL(u)),
    tags: n.mentions.map((m) => new Mention({ href: new URL(m.href), name: m.name })),
  });
}

// ---------------------------------------------------------------- control API

function ctx() {
  return federation.createContext(new URL(ORIGIN), undefined);
}

async function remoteActor(c, actorId) {
  if (typeof actorId !== "string" || actorId === "") {
    throw new Error("missing \"actor\"");
  }
  let actor = remoteActors.get(actorId);
  if (actor == null) {
    actor = await c.lookupObject(actorId);
    if (actor == null) throw new Error(`lookupObject(${actorId}) found nothing`);
    if (actor.inboxId == null) throw new Error(`${actorId} has no inbox`);
    remoteActors.set(actorId, actor);
    if (actor.id != null) remoteActors.set(actor.id.href, actor);
  }
  return actor;
}

async function send(c, actor, activity) {
  await c.sendActivity({ identifier: ALICE }, actor, activity);
  sent.set(activity.id.href, activity);
  return activity.id.href;
}

function requireString(body, name) {
  const v = body[name];
  if (typeof v !== "string" || v === "") throw new Error(`missing "${name}"`);
  return v;
}

function noteUuidOf(noteId) {
  const u = new URL(noteId);
  const m = u.origin === ORIGIN && /^\/notes\/([^/]+)$/.exec(u.pathname);
  if (!m || !notes.has(m[1])) throw new Error(`unknown note ${noteId}`);
  return m[1];
}

const handlers = {
  "GET /control/health": async () => ({ ok: true }),

  "GET /control/inbox": async () => ({ received }),

  "POST /control/follow": async (c, body) => {
    const handle = requireString(body, "handle").replace(/^@/, "").replace(/^acct:/, "");
    const at = handle.lastIndexOf("@");
    if (at < 1) throw new Error(`bad handle ${handle}`);
    const host = handle.substring(at + 1);
    const wf = `http://${host}/.well-known/webfinger?resource=${encodeURIComponent("acct:" + handle)}`;
    const res = await fetch(wf, { headers: { Accept: "application/jrd+json" } });
    if (!res.ok) throw new Error(`GET ${wf}: ${res.status} ${await res.text()}`);
    const jrd = await res.json();
    const link = (jrd.links ?? []).find((l) =>
      l.rel === "self" && l.href != null &&
      (l.type == null || /activity\+json|ld\+json/.test(l.type))
    );
    if (link == null) throw new Error(`no rel=self link in ${JSON.stringify(jrd)}`);
    const actor = await remoteActor(c, link.href);
    const follow = new Follow({
      id: new URL(`/follows/${randomUUID()}`, ORIGIN),
      actor: c.getActorUri(ALICE),
      object: actor.id,
    });
    await send(c, actor, follow);
    return { actor: actor.id.href, activity: follow.id.href };
  },

  "POST /control/unfollow": async (c, body) => {
    const actor = await remoteActor(c, requireString(body, "actor"));
    const followId = requireString(body, "follow");
    const follow = sent.get(followId) instanceof Follow
      ? sent.get(followId)
      : new Follow({ id: new URL(followId), actor: c.getActorUri(ALICE), object: actor.id });
    const undo = new Undo({
      id: new URL(`/undos/${randomUUID()}`, ORIGIN),
      actor: c.getActorUri(ALICE),
      object: follow,
    });
    return { activity: await send(c, actor, undo) };
  },

  "POST /control/reply": async (c, body) => {
    const actor = await remoteActor(c, requireString(body, "actor"));
    const uuid = randomUUID();
    const isPublic = body.public !== false;
    const n = {
      id: new URL(`/notes/${uuid}`, ORIGIN).href,
      inReplyTo: body.inReplyTo ?? null,
      content: requireString(body, "content"),
      published: new Date().toISOString(),
      updated: null,
      to: isPublic ? [PUBLIC_COLLECTION.href] : [actor.id.href],
      cc: isPublic ? [actor.id.href] : [],
      mentions: [{ href: actor.id.href, name: mentionName(actor) }],
      deleted: false,
    };
    notes.set(uuid, n);
    const note = buildNote(c, n);
    const create = new Create({
      id: new URL(`/notes/${uuid}/activity`, ORIGIN),
      actor: c.getActorUri(ALICE),
      object: note,
      published: note.published,
      tos: note.toIds,
      ccs: note.ccIds,
    });
    try {
      await send(c, actor, create);
    } catch (e) {
      notes.delete(uuid);
      throw e;
    }
    return { note: n.id, activity: create.id.href };
  },

  "POST /control/update": async (c, body) => {
    const actor = await remoteActor(c, requireString(body, "actor"));
    const uuid = noteUuidOf(requireString(body, "note"));
    const n = notes.get(uuid);
    n.content = requireString(body, "content");
    n.updated = new Date().toISOString();
    const note = buildNote(c, n);
    const update = new Update({
      id: new URL(`/updates/${randomUUID()}`, ORIGIN),
      actor: c.getActorUri(ALICE),
      object: note,
      updated: note.updated,
      tos: note.toIds,
      ccs: note.ccIds,
    });
    return { activity: await send(c, actor, update) };
  },

  "POST /control/delete": async (c, body) => {
    const actor = await remoteActor(c, requireString(body, "actor"));
    const uuid = noteUuidOf(requireString(body, "note"));
    const n = notes.get(uuid);
    n.deleted = true;
    const del = new Delete({
      id: new URL(`/deletes/${randomUUID()}`, ORIGIN),
      actor: c.getActorUri(ALICE),
      object: new Tombstone({ id: new URL(n.id) }),
      tos: n.to.map((u) => new URL(u)),
      ccs: n.cc.map((u) => new URL(u)),
    });
    return { activity: await send(c, actor, del) };
  },

  "POST /control/like": async (c, body) => {
    const actor = await remoteActor(c, requireString(body, "actor"));
    const like = new Like({
      id: new URL(`/likes/${randomUUID()}`, ORIGIN),
      actor: c.getActorUri(ALICE),
      object: new URL(requireString(body, "object")),
    });
    return { activity: await send(c, actor, like) };
  },

  "POST /control/announce": async (c, body) => {
    const actor = await remoteActor(c, requireString(body, "actor"));
    const announce = new Announce({
      id: new URL(`/announces/${randomUUID()}`, ORIGIN),
      actor: c.getActorUri(ALICE),
      object: new URL(requireString(body, "object")),
      published: Temporal.Now.instant(),
      to: PUBLIC_COLLECTION,
      cc: actor.id,
    });
    return { activity: await send(c, actor, announce) };
  },

  "POST /control/undo": async (c, body) => {
    const actor = await remoteActor(c, requireString(body, "actor"));
    const activityId = requireString(body, "activity");
    const original = sent.get(activityId);
    if (original == null) throw new Error(`this peer sent no activity ${activityId}`);
    const undo = new Undo({
      id: new URL(`/undos/${randomUUID()}`, ORIGIN),
      actor: c.getActorUri(ALICE),
      object: original,
    });
    return { activity: await send(c, actor, undo) };
  },

  "POST /control/delete-self": async (c, body) => {
    const actor = await remoteActor(c, requireString(body, "actor"));
    const del = new Delete({
      id: new URL(`/deletes/${randomUUID()}`, ORIGIN),
      actor: c.getActorUri(ALICE),
      object: c.getActorUri(ALICE),
      to: PUBLIC_COLLECTION,
    });
    return { activity: await send(c, actor, del) };
  },
};

function mentionName(actor) {
  const u = actor.preferredUsername;
  return u == null ? null : `@${u}@${actor.id.host}`;
}

// ------------------------------------------------------ node:http <-> Fetch API

function errorMessage(e) {
  let msg = String(e?.message ?? e);
  // e.g. fetch() "fetch failed" hides the real reason (ECONNREFUSED...) in .cause
  for (let c = e?.cause; c != null; c = c.cause) msg += ` (cause: ${c.message ?? c})`;
  return msg;
}

function json(res, status, obj, headers = {}) {
  const body = Buffer.from(JSON.stringify(obj));
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": body.length,
    ...headers,
  });
  res.end(body);
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function handle(req, res) {
  const url = new URL(req.url, ORIGIN);
  const body = req.method === "GET" || req.method === "HEAD" ? null : await readBody(req);

  if (url.pathname.startsWith("/control/")) {
    const h = handlers[`${req.method} ${url.pathname}`];
    if (h == null) return json(res, 404, { error: `no control route ${req.method} ${url.pathname}` });
    try {
      const input = body != null && body.length > 0 ? JSON.parse(body.toString("utf8")) : {};
      return json(res, 200, await h(ctx(), input));
    } catch (e) {
      log("control", url.pathname, "failed:", e?.stack ?? e);
      return json(res, 500, { error: errorMessage(e), stack: e?.stack ?? null });
    }
  }

  if (req.method === "GET" && url.pathname === "/avatar.png") {
    res.writeHead(200, { "Content-Type": "image/png", "Content-Length": AVATAR_PNG.length });
    return res.end(AVATAR_PNG);
  }
  if (req.method === "GET" && url.pathname === "/@alice") {
    res.writeHead(302, { Location: new URL("/users/alice", ORIGIN).href });
    return res.end();
  }
  const deleted = /^\/notes\/([^/]+)$/.exec(url.pathname);
  if (req.method === "GET" && deleted && notes.get(deleted[1])?.deleted) {
    return json(res, 410, {
      "@context": "https://www.w3.org/ns/activitystreams",
      id: notes.get(deleted[1]).id,
      type: "Tombstone",
      formerType: "Note",
    }, { "Content-Type": "application/activity+json" });
  }

  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
    else if (value != null) headers.set(name, value);
  }
  const request = new Request(url, { method: req.method, headers, body });
  let raw = null;
  if (req.method === "POST" && body != null) {
    try {
      raw = { json: JSON.parse(body.toString("utf8")), signature: req.headers["signature"] ?? null };
    } catch { /* Fedify answers 400 itself */ }
  }
  const response = await rawRequest.run(raw, () =>
    federation.fetch(request, {
      contextData: undefined,
      onNotFound: () => new Response("Not found", { status: 404 }),
      onNotAcceptable: () => new Response("Not acceptable", { status: 406 }),
    })
  );
  if (response.status >= 400) {
    log(req.method, url.pathname, "->", response.status);
  }
  const out = Buffer.from(await response.arrayBuffer());
  const outHeaders = {};
  response.headers.forEach((v, k) => { outHeaders[k] = v; });
  res.writeHead(response.status, outHeaders);
  res.end(out);
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((e) => {
    log("unhandled:", e?.stack ?? e);
    if (!res.headersSent) json(res, 500, { error: errorMessage(e), stack: e?.stack ?? null });
    else res.destroy();
  });
});

function shutdown() {
  server.close();
  server.closeAllConnections?.();
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
process.stdin.on("end", shutdown);
process.stdin.on("close", shutdown);
process.stdin.on("error", shutdown);
process.stdin.resume();

server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  ORIGIN = `http://127.0.0.1:${server.address().port}`;
  process.stdout.write(JSON.stringify({ ready: true, origin: ORIGIN }) + "\n");
});
