package io.mailroom.bench.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Writes throughput-over-time curves as a PNG line chart (JFreeChart, headless). */
public final class Chart {
    private Chart() {
    }

    public static void write(Path png, String title, String yLabel, List<Series> curves) {
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection data = new XYSeriesCollection();
        for (Series s : curves) {
            XYSeries xy = new XYSeries(s.label(), false, true);
            s.points().forEach(p -> xy.add(p[0], p[1]));
            data.addSeries(xy);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "seconds since start", yLabel, data,
                PlotOrientation.VERTICAL, true, false, false);
        try {
            ChartUtils.saveChartAsPNG(png.toFile(), chart, 1000, 500);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
