// Drives the unmodified npm faye@1.4.3 client through one scenario against a Bayeux URL, and prints one JSON
// line: {"trace":[...]} with what the client observed, or {"error":...}.
// Usage: node faye-client.cjs <url> <long-polling|websocket> <lifecycle|feed> [feed count, 40 by default]
const faye = require("faye");

const [url, transport, scenario, count] = process.argv.slice(2);
const feedCount = Number(count || 40);
const trace = [];
const client = new faye.Client(url, {timeout: 25, retry: 0.05});
if (transport === "long-polling") {
    client.disable("websocket");
}
client.disable("callback-polling");

function finish(error) {
    process.stdout.write(JSON.stringify(error ? {error: String(error), trace} : {trace}) + "\n");
    process.exit(0);
}

setTimeout(() => finish("scenario timed out"), 25000);
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
const waitFor = async predicate => {
    while (!predicate()) {
        await sleep(20);
    }
};

const scenarios = {
    async lifecycle() {
        const received = [];
        const subscription = client.subscribe("/chat/lobby", message => received.push(message.n));
        await subscription;
        trace.push("subscribe true");
        for (let n = 1; n <= 3; n++) {
            await client.publish("/chat/lobby", {n: n});
            trace.push("publish true");
        }
        await waitFor(() => received.length >= 3);
        await sleep(200);
        trace.push("received " + received.join(","));
        try {
            await client.subscribe("/private/x", () => {});
            trace.push("subscribe private true");
        } catch (error) {
            trace.push("subscribe private false " + error.message);
        }
        await subscription.cancel();
        trace.push("unsubscribe true");
        await client.disconnect();
        trace.push("disconnect true");
    },

    // The test publishes n:1..40 on /feed/numbers (asked through /service/feed) while the proxy in front of
    // the server swallows some /meta/connect responses; reports what arrived, in arrival order.
    async feed() {
        const received = [];
        await client.subscribe("/feed/numbers", message => received.push(message.n));
        await client.publish("/service/feed", {count: feedCount});
        await waitFor(() => received.includes(feedCount));
        await sleep(300);
        trace.push("received " + received.join(","));
        await client.disconnect();
    }
};

scenarios[scenario]().then(() => finish(), error => finish(error && error.message || error));
