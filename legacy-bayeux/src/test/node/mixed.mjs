// Scenario 8 in one Node process: a duplex.js client (the project's own, built in client-js/dist) and an
// unmodified cometd.js client on one room, each publishing in turn. Prints {"duplex":[...],"cometd":[...]}:
// what each received on the room, in arrival order.
// Usage: node mixed.mjs <origin> <duplexMount> <bayeuxMount> <count>
import {createRequire} from "node:module";
import {adapt} from "cometd-nodejs-client";
import {CometD} from "cometd";
import * as ws from "ws";

adapt();
const require = createRequire(import.meta.url);
const Duplex = require("../../../../client-js/dist/duplex.js");

// duplex.js takes its XMLHttpRequest as an option; Node has none, so a minimal one over fetch.
class FetchXhr {
    constructor() {
        this.readyState = 0;
        this.status = 0;
        this.responseText = "";
        this.headers = {};
        this.controller = new AbortController();
    }

    open(method, url) {
        this.method = method;
        this.url = url;
        this.readyState = 1;
    }

    setRequestHeader(name, value) {
        this.headers[name] = value;
    }

    send(body) {
        fetch(this.url, {method: this.method, headers: this.headers, body: body == null ? undefined : body,
            signal: this.controller.signal})
            .then(async response => {
                this.status = response.status;
                this.responseText = await response.text();
            }, () => {
                this.status = 0;
            })
            .finally(() => {
                this.readyState = 4;
                if (this.onreadystatechange) {
                    this.onreadystatechange();
                }
            });
    }

    abort() {
        this.controller.abort();
    }
}

const [origin, duplexMount, bayeuxMount, countArg] = process.argv.slice(2);
const count = Number(countArg);
const fromDuplex = [];
const fromCometd = [];

function finish(error) {
    process.stdout.write(JSON.stringify(error ? {error: String(error)} : {duplex: fromDuplex, cometd: fromCometd})
        + "\n");
    process.exit(0);
}

setTimeout(() => finish("scenario timed out: " + JSON.stringify({duplex: fromDuplex, cometd: fromCometd})), 20000);

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
const waitFor = async predicate => {
    while (!predicate()) {
        await sleep(20);
    }
};

async function main() {
    const cometd = new CometD();
    cometd.unregisterTransport("callback-polling");
    cometd.configure({url: origin + bayeuxMount, logLevel: "warn"});
    await new Promise(resolve => cometd.handshake(resolve));
    await new Promise(resolve => cometd.subscribe("/chat/lobby", m => fromCometd.push(m.data.text), resolve));

    const chat = Duplex.connect(origin + duplexMount, {
        XMLHttpRequest: FetchXhr,
        WebSocket: ws.WebSocket,
        location: new URL(origin + "/"),
        window: null
    });
    let subscribed = false;
    chat.subscribe("chat/lobby", data => fromDuplex.push(data.text));
    chat.on("open", () => {
        subscribed = true;
    });
    await waitFor(() => subscribed);
    // The subscribe travels ahead of the probe below; its echo proves both sides are in the room.
    chat.publish("chat/lobby", {text: "probe"});
    await waitFor(() => fromCometd.includes("probe") && fromDuplex.includes("probe"));

    for (let i = 1; i <= count; i++) {
        cometd.publish("/chat/lobby", {text: "c" + i});
        chat.publish("chat/lobby", {text: "d" + i});
        await sleep(5);
    }
    await waitFor(() => fromCometd.length >= 2 * count + 1 && fromDuplex.length >= 2 * count + 1);
    await sleep(300);
    await new Promise(resolve => cometd.disconnect(resolve));
    chat.close();
}

main().then(() => finish(), error => finish(error && error.stack || error));
