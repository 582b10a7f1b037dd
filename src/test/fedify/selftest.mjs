// Self-test: starts two peers A and B and checks that signed activities sent
// by A (via its control API) are verified and recorded by B.
// Run: node selftest.mjs   (prints "N passed, N failed", exits non-zero on failure)
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const peerPath = fileURLToPath(new URL("./peer.mjs", import.meta.url));
const verbose = process.argv.includes("-v");

function startPeer(name) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [peerPath], { stdio: ["pipe", "pipe", "pipe"] });
    child.stderr.on("data", (d) => verbose && process.stderr.write(`[${name}] ${d}`));
    const rl = createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error(`${name} not ready in 20s`)), 20000);
    rl.once("line", (line) => {
      clearTimeout(timer);
      const ready = JSON.parse(line);
      if (!ready.ready) return reject(new Error(`bad ready line ${line}`));
      rl.on("line", (l) => reject(new Error(`${name} printed extra stdout: ${l}`)));
      resolve({ child, origin: ready.origin, line });
    });
    child.once("exit", (code) => reject(new Error(`${name} exited ${code}`)));
  });
}

async function control(peer, method, path, body) {
  const res = await fetch(peer.origin + "/control/" + path, {
    method,
    headers: { "Content-Type": "application/json" },
    body: body == null ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (verbose) console.error(method, path, res.status, JSON.stringify(json).slice(0, 300));
  return { status: res.status, json };
}

let passed = 0, failed = 0;
function check(name, cond, detail) {
  if (cond) { passed++; console.log(`ok - ${name}`); }
  else { failed++; console.log(`not ok - ${name}${detail ? ": " + detail : ""}`); }
}

const A = await startPeer("A");
const B = await startPeer("B");
try {
  check("ready line format", /^\{"ready":true,"origin":"http:\/\/127\.0\.0\.1:\d+"\}$/.test(A.line), A.line);
  check("health", (await control(A, "GET", "health")).json.ok === true);

  const bActor = `${B.origin}/users/alice`;
  const actorRes = await fetch(bActor, { headers: { Accept: "application/activity+json" } });
  const actorJson = await actorRes.json();
  check("actor served", actorRes.ok && actorJson.preferredUsername === "alice" &&
    actorJson.endpoints?.sharedInbox === `${B.origin}/inbox`, JSON.stringify(actorJson));
  const png = await fetch(`${B.origin}/avatar.png`);
  check("avatar png", png.ok && png.headers.get("content-type") === "image/png");

  // A follows B via WebFinger (acct:alice@127.0.0.1:PORTB over http).
  const host = new URL(B.origin).host;
  const follow = await control(A, "POST", "follow", { handle: `alice@${host}` });
  check("follow", follow.status === 200 && follow.json.actor === bActor, JSON.stringify(follow.json));

  // like + undo
  const like = await control(A, "POST", "like", { actor: bActor, object: `${B.origin}/some/post` });
  check("like", like.status === 200, JSON.stringify(like.json));
  const undo = await control(A, "POST", "undo", { actor: bActor, activity: like.json.activity });
  check("undo like", undo.status === 200, JSON.stringify(undo.json));

  // reply, update, delete
  const reply = await control(A, "POST", "reply", {
    actor: bActor, inReplyTo: `${B.origin}/some/post`, content: "<p>hi</p>", public: true,
  });
  check("reply", reply.status === 200, JSON.stringify(reply.json));
  const noteRes = await fetch(reply.json.note, { headers: { Accept: "application/activity+json" } });
  const noteJson = await noteRes.json();
  check("note dereferenceable", noteRes.ok && noteJson.content === "<p>hi</p>", JSON.stringify(noteJson));
  const upd = await control(A, "POST", "update", { actor: bActor, note: reply.json.note, content: "<p>new</p>" });
  check("update", upd.status === 200, JSON.stringify(upd.json));
  const note2 = await (await fetch(reply.json.note, { headers: { Accept: "application/activity+json" } })).json();
  check("note updated", note2.content === "<p>new</p>" && note2.updated != null, JSON.stringify(note2));
  const del = await control(A, "POST", "delete", { actor: bActor, note: reply.json.note });
  check("delete", del.status === 200, JSON.stringify(del.json));
  const gone = await fetch(reply.json.note, { headers: { Accept: "application/activity+json" } });
  check("deleted note is 410 Tombstone", gone.status === 410 && (await gone.json()).type === "Tombstone");

  const ann = await control(A, "POST", "announce", { actor: bActor, object: `${B.origin}/some/post` });
  check("announce", ann.status === 200, JSON.stringify(ann.json));
  const unf = await control(A, "POST", "unfollow", { actor: bActor, follow: follow.json.activity });
  check("unfollow", unf.status === 200, JSON.stringify(unf.json));
  const ds = await control(A, "POST", "delete-self", { actor: bActor });
  check("delete-self", ds.status === 200, JSON.stringify(ds.json));

  // errors surface as 500
  const bad = await control(A, "POST", "like", { actor: `${B.origin}/users/nobody`, object: "http://x/" });
  check("unknown actor -> 500", bad.status === 500 && typeof bad.json.error === "string", JSON.stringify(bad.json));
  const badUndo = await control(A, "POST", "undo", { actor: bActor, activity: "http://nope/1" });
  check("unknown undo -> 500", badUndo.status === 500);

  const inbox = (await control(B, "GET", "inbox")).json.received;
  if (verbose) console.error(JSON.stringify(inbox, null, 2));
  const types = inbox.map((e) => e.type);
  const want = ["Follow", "Like", "Undo", "Create", "Update", "Delete", "Announce", "Undo", "Delete"];
  check("B recorded all, in order", JSON.stringify(types) === JSON.stringify(want), JSON.stringify(types));
  const aActor = `${A.origin}/users/alice`;
  check("recorded actor is A", inbox.every((e) => e.actor === aActor));
  check("recorded ids match", inbox[1]?.id === like.json.activity && inbox[3]?.id === reply.json.activity);
  check("personal inbox", inbox.every((e) => e.inbox === "personal"));
  check("undo embeds like", inbox[2]?.activity?.object?.id === like.json.activity, JSON.stringify(inbox[2]));
  check("rsa-sha256 signature", inbox.every((e) => /algorithm="rsa-sha256"/.test(e.signature ?? "")));
} finally {
  A.child.stdin.end(); // peers exit when stdin closes
  B.child.kill("SIGTERM");
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
