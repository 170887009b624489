// Drives the unmodified npm cometd@9 client (through cometd-nodejs-client@2) through one scenario against a
// Bayeux URL, and prints one JSON line: {"trace":[...]} with what the client observed, or {"error":...}.
// Usage: node cometd-client.mjs <url> <long-polling|websocket> <scenario> [options], options a comma list of
// "ack" (the ack extension) and "nosticky" (stickyReconnect:false: leave a WebSocket that stopped answering).
import {adapt} from "cometd-nodejs-client";
import {CometD, AckExtension} from "cometd";

adapt();

const [url, transport, scenario, flags] = process.argv.slice(2);
const options = (flags || "").split(",");
const trace = [];
const cometd = new CometD();
if (transport === "long-polling") {
    cometd.unregisterTransport("websocket");
}
cometd.unregisterTransport("callback-polling");
if (options.includes("ack")) {
    cometd.registerExtension("ack", new AckExtension());
}
cometd.configure({url: url, logLevel: "warn", maxNetworkDelay: 3000, backoffIncrement: 50,
    stickyReconnect: !options.includes("nosticky")});

function finish(error) {
    process.stdout.write(JSON.stringify(error ? {error: String(error), trace} : {trace}) + "\n");
    process.exit(0);
}

setTimeout(() => finish("scenario timed out"), 20000);

function step(fn) {
    return new Promise((resolve, reject) => fn(resolve, reject));
}

function waitFor(predicate) {
    return step(resolve => {
        const check = () => predicate() ? resolve() : setTimeout(check, 20);
        check();
    });
}

// Resolves on the first successful handshake: a failed WebSocket attempt before a fallback is not traced.
async function handshake() {
    const reply = await step(resolve => {
        const listener = cometd.addListener("/meta/handshake", message => {
            if (message.successful) {
                cometd.removeListener(listener);
                resolve(message);
            }
        });
        cometd.handshake();
    });
    trace.push("handshake " + reply.successful + " " + cometd.getTransport().type);
}

const scenarios = {
    async lifecycle() {
        await handshake();
        const received = [];
        let subscription;
        const sub = await step(resolve => {
            subscription = cometd.subscribe("/chat/lobby", m => received.push(m.data.n), resolve);
        });
        trace.push("subscribe " + sub.successful);
        for (let n = 1; n <= 3; n++) {
            const pub = await step(resolve => cometd.publish("/chat/lobby", {n: n}, resolve));
            trace.push("publish " + pub.successful);
        }
        await waitFor(() => received.length >= 3);
        trace.push("received " + received.join(","));
        const refused = await step(resolve => cometd.subscribe("/private/x", () => {}, resolve));
        trace.push("subscribe private " + refused.successful + " " + refused.error);
        const unsub = await step(resolve => cometd.unsubscribe(subscription, resolve));
        trace.push("unsubscribe " + unsub.successful);
        const bye = await step(resolve => cometd.disconnect(resolve));
        trace.push("disconnect " + bye.successful);
    },

    // Scenario 7: a wildcard the handler's pattern authorizer refuses (/**), two it allows; each subscription
    // sees the publishes its pattern matches, and the server delivers each publish once.
    async wildcards() {
        await handshake();
        const star = [];
        const deep = [];
        const all = await step(resolve => cometd.subscribe("/**", () => {}, resolve));
        trace.push("subscribe /** " + all.successful + " " + all.error);
        const one = await step(resolve => cometd.subscribe("/chat/*", m => star.push(m.data.n), resolve));
        trace.push("subscribe /chat/* " + one.successful);
        const any = await step(resolve => cometd.subscribe("/chat/**", m => deep.push(m.data.n), resolve));
        trace.push("subscribe /chat/** " + any.successful);
        for (const [channel, n] of [["/chat/a", 1], ["/chat/a/b", 2], ["/other", 3], ["/chat/c", 4]]) {
            await step(resolve => cometd.publish(channel, {n: n}, resolve));
        }
        await waitFor(() => deep.includes(4) && star.includes(4));
        await new Promise(resolve => setTimeout(resolve, 200));
        trace.push("/chat/* got " + star.join(","));
        trace.push("/chat/** got " + deep.join(","));
        await step(resolve => cometd.disconnect(resolve));
    },

    async remoteCall() {
        await handshake();
        const echo = await step(resolve => cometd.remoteCall("echo", {n: 7}, 5000, resolve));
        trace.push("echo " + echo.successful + " " + JSON.stringify(echo.data));
        const refused = await step(resolve => cometd.remoteCall("refuse", {}, 5000, resolve));
        trace.push("refuse " + refused.successful + " " + refused.error);
        const silent = await step(resolve => cometd.remoteCall("silent", {}, 500, resolve));
        trace.push("silent " + silent.successful + " " + (silent.error || (silent.failure && silent.failure.reason)));
        await step(resolve => cometd.disconnect(resolve));
    },

    // Receives n:1..count published by the test (through a /service/feed call) while responses are dropped
    // by the proxy in front of the server; reports what arrived, in arrival order.
    async feed() {
        await handshake();
        const received = [];
        await step(resolve => cometd.subscribe("/feed/numbers", m => received.push(m.data.n), resolve));
        const count = 40;
        await step(resolve => cometd.remoteCall("feed", {count: count}, 5000, resolve));
        await waitFor(() => received.includes(count));
        await new Promise(resolve => setTimeout(resolve, 300));
        trace.push("received " + received.join(","));
        await step(resolve => cometd.disconnect(resolve));
    }
};

scenarios[scenario]().then(() => finish(), error => finish(error));
