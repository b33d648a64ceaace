package io.mailroom.bench.core;

/** A process's peak memory during a benchmark: RSS high-water mark (VmHWM) and sampled used heap, in MB. */
public record Peak(String process, double rssMb, double heapMb) {
    public Peak max(double rss, double heap) {
        return new Peak(process, Math.max(rssMb, rss), Math.max(heapMb, heap));
    }
}
