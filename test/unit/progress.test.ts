import { expect } from "chai";
import { setDisplayWriter, type DisplayContent } from "../../lib/src/display";
import { formatDuration, progress } from "../../lib/src/progress";

/** A clock the test moves by hand (ms). */
function fakeClock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1000;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

describe("progress", () => {
  afterEach(() => setDisplayWriter(null));

  it("text mode: a line per 10 % in a fast loop, with counts, values, elapsed and remaining time", () => {
    const clock = fakeClock();
    const out: string[] = [];
    const p = progress({ total: 30000, label: "training", mode: "text", now: clock.now, write: (l) => out.push(l) });
    for (let i = 0; i < 30000; i++) {
      clock.advance(0.01); // 0.3 s in all: never 2 s between lines
      p.update(i, { cost: 1 / (i + 1) });
    }
    p.done();
    // the first update, then one per 10 % (3000, 6000, …, 30000), then done
    expect(out).to.have.length(12);
    expect(out[0]).to.equal("training: 1/30000 (0%) · cost 1 · 0.0 s elapsed · ~0.3 s left");
    expect(out[1]).to.match(/^training: 3000\/30000 \(10%\) · cost 0\.000333333 · 0\.0 s elapsed · ~0\.3 s left$/);
    expect(out[10]).to.match(/^training: 30000\/30000 \(100%\)/);
    expect(out[11]).to.match(/^training: 30000\/30000 \(100%\) · cost 3\.33333e-5 · done in 0\.3 s$/);
  });

  it("text mode: in a slow loop a line every 2 s between the 10 % steps", () => {
    const clock = fakeClock();
    const times: number[] = [];
    const p = progress({ total: 1000, mode: "text", now: clock.now, write: () => times.push(clock.now()) });
    for (let i = 0; i < 1000; i++) {
      clock.advance(100); // 100 s in all, a 10 % step every 10 s
      p.update(i);
    }
    expect(times.length).to.be.within(45, 56); // ~one per 2 s
    for (let k = 1; k < times.length; k++) expect(times[k] - times[k - 1]).to.be.at.least(100);
    const gaps = times.slice(1).map((t, k) => t - times[k]);
    expect(Math.max(...gaps)).to.be.at.most(2000);
  });

  it("display mode: one output updated in place, at most 5 times a second", () => {
    const clock = fakeClock();
    const sent: { c: DisplayContent; update: boolean }[] = [];
    setDisplayWriter((c, update) => sent.push({ c, update }));
    const p = progress({ total: 5000, label: "fit", now: clock.now });
    for (let i = 0; i < 5000; i++) {
      clock.advance(1); // 5 s
      p.update(i, { cost: 0.5 });
    }
    p.done({ cost: 0.25 });
    // first update at 1 ms, then one per 200 ms: 25, and done
    expect(sent.length).to.be.within(25, 27);
    const id = sent[0].c.transient.display_id;
    expect(id).to.match(/^[0-9a-f]{16}$/);
    expect(sent.map((s) => s.update)).to.deep.equal([false, ...new Array(sent.length - 1).fill(true)]);
    expect(sent.every((s) => s.c.transient.display_id === id)).to.equal(true);
    const last = sent[sent.length - 1].c.data;
    expect(last["text/plain"]).to.equal("fit: 5000/5000 (100%) · cost 0.25 · done in 5.0 s");
    expect(last["text/html"]).to.include('<progress max="5000" value="5000"');
    p.done(); // a second done() shows nothing new
    expect(sent[sent.length - 1].c.data).to.equal(last);
  });

  it("formats durations and rejects a bad total", () => {
    expect([formatDuration(2100), formatDuration(185_000), formatDuration(3_725_000)]).to.deep.equal(["2.1 s", "3 min 05 s", "1 h 02 min"]);
    expect(() => progress({ total: 0 })).to.throw(/progress: total must be a positive integer, got 0/);
  });
});
