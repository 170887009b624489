package dev.duplex.e2e;

import dev.duplex.testkit.Browser;
import dev.duplex.testkit.BrowserKind;
import dev.duplex.testkit.ServerProcess;
import java.util.ArrayList;
import java.util.List;

/** One scenario run: the browser under test, the network, the app, and everything to close and report. */
final class Run {
    final String scenario;
    final BrowserKind kind;
    final Network network;
    /** The server under test, once it runs. */
    ServerProcess app;
    Network.Setup net;
    final List<Page> pages = new ArrayList<>();
    final StringBuilder note = new StringBuilder();
    String actualTransport = "";

    Run(String scenario, BrowserKind kind, Network network) {
        this.scenario = scenario;
        this.kind = kind;
        this.network = network;
    }

    /** The origin the browser opens. */
    String base() {
        return net.base;
    }

    /** The transport {@code browser} must end on here. */
    String expected(BrowserKind browser) {
        return network.expectedTransport(browser);
    }

    /** Starts a browser (the network's forward proxy applies to Chromium), to be closed with the run. */
    Page page(BrowserKind browserKind) {
        Browser b = browserKind.start(browserKind == BrowserKind.CHROMIUM ? net.httpProxy : null);
        Page p = new Page(b);
        pages.add(p);
        return p;
    }

    /**
     * Opens the page a scenario runs its channels in. Real browsers use the demo page, so its own three channels
     * run alongside. HtmlUnit gets a bare page of the same origin: its JavaScript engine is far slower than a
     * browser's, and the demo's three channels and DOM updates would compete with the scenario's for it.
     */
    Page openApp(BrowserKind browserKind) {
        Page p = page(browserKind);
        return isHtmlUnit(browserKind) ? p.openBare(base()) : p.open(base() + "/");
    }

    /**
     * {@code d}, or four times it on HtmlUnit, whose JavaScript jobs run one at a time on one interpreted thread
     * per window (its requests no longer wait there: testkit {@code FairXhrJobs}).
     */
    java.time.Duration scaled(java.time.Duration d) {
        return isHtmlUnit(kind) ? d.multipliedBy(4) : d;
    }

    static boolean isHtmlUnit(BrowserKind k) {
        return k == BrowserKind.HTMLUNIT || k == BrowserKind.HTMLUNIT_NO_WS;
    }

    void note(String text) {
        if (note.length() > 0) {
            note.append("; ");
        }
        note.append(text);
        System.out.println("[" + scenario + " | " + kind.label() + " | " + network.label() + "] " + text);
    }

    /** Everything a failure report needs: who, where, each page's transport timeline and messages, the network. */
    String describe(Throwable failure) {
        StringBuilder sb = new StringBuilder("\n==== FAILED: ").append(scenario).append(" | browser ")
                .append(kind.label()).append(" | network ").append(network.label()).append(" ====\n")
                .append(failure).append('\n');
        for (Page p : pages) {
            sb.append("---- ").append(p.browser.name()).append(" ----\n").append(p.report()).append('\n');
        }
        if (net != null) {
            sb.append("---- network ----\n").append(net.diagnostics()).append('\n');
        }
        if (app != null) {
            String log = app.log();
            sb.append("---- server log (tail) ----\n").append(log.substring(Math.max(0, log.length() - 2000)));
        }
        return sb.toString();
    }

    void close() {
        for (Page p : pages) {
            p.browser.close();
        }
        if (net != null) {
            net.close();
        }
    }
}
