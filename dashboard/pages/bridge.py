"""Bridge: from one country's figure to the other's, one bar per known cause and the unexplained residual."""
import streamlit as st

from dashboard import data
from dashboard.downloads import download_csv
from dashboard.figures import figure
from dashboard.gap_charts import bridge_chart, products_chart
from dashboard.product_chart import product_gap_chart
from dashboard.state import current_query
from dashboard.tables import table
from loaders.pairs import pair_label
from loaders.views.bridge_summary import bridges_of, cause_sentence, default_bridge
from loaders.views.product_summary import composition_name

q = current_query()
pair = pair_label("-".join(q.pair))
st.title(f"{pair}: why the two figures differ")
st.markdown(
    "Each bridge starts from the exporter's figure (for turnover, the first country's total) and ends at the "
    "importer's (the second country's total). In between, one bar per cause the data can measure: **revision** "
    "(the start series as published by the date of the end figure), **partner attribution** (imports by origin "
    "vs by consignment, where both are published), **valuation** (CIF/FOB at the sidebar's margin, "
    f"**{q.margin:.1%}**), **re-exports** (lines the exporter does not produce, from the product rows below) and "
    "**timing** (monthly data on both sides). Causes the data cannot measure are listed, never given a number. "
    "The **residual** is what is left: start + steps + residual = end, exactly. Each bar's method, inputs and "
    "confidence (A official series, B official quoted, C assumption) are in its hover and in the table. Where a "
    "side's figure was also quoted by officials or the press, the **quote** and its difference from that side's own "
    "statistics stand beside the bridge (before its start, after its end): they are not part of start + steps + "
    "residual = end.")

frame = data.view("bridge", q)
choices, default = data.bridge_choices(q)
year, arrow = None, f"{q.pair[0]}↔{q.pair[1]}"
if default is None:
    st.info("No figures to bridge for this selection.")
else:
    years = list(dict.fromkeys(choices["year"]))
    pick_year, pick_direction = st.columns(2)
    year = pick_year.selectbox("Year", years, index=years.index(default["year"]), key="bridge_year",
                               bind="query-params")
    directions = list(dict.fromkeys(choices.loc[choices["year"] == year, "direction_words"]))
    direction = pick_direction.selectbox(
        "Direction", directions, key="bridge_direction", bind="query-params",
        index=directions.index(default["direction_words"]) if default["direction_words"] in directions else 0)
    candidates = bridges_of(choices, year, direction)
    arrow = candidates["direction"].iloc[0]
    bases = candidates["bridge"].tolist()
    with st.expander("More: which import bases to compare"):
        # NB opens on the bases the Overview's headline compares (imports by origin where there is a choice)
        chosen = st.selectbox("Bridge (year · direction · from → to)", bases, key="bridge", bind="query-params",
                              index=bases.index(default_bridge(candidates)["bridge"]))
    bars = frame[frame["bridge"] == chosen]
    st.info(cause_sentence(bars))  # NB built from the view's own step names and numbers: no outside text
    st.plotly_chart(figure(bridge_chart, bars, chosen, f"{pair}: {chosen}"), key="bridge-chart")
bars_box = st.expander("Every bar of every bridge (the CSV below)", key="bridge-bars", on_change="rerun")
if bars_box.open:  # NB sent only once opened: the table is the page's largest element
    with bars_box:
        table(frame, hide_index=True, column_config={
            "value_usd": st.column_config.NumberColumn("value (USD)", format="localized"),
            "running_usd": st.column_config.NumberColumn("running total (USD)", format="localized"),
        })
download_csv(frame, "bridge", q, label="Download bridge CSV")

st.subheader("Products behind the gap")
st.markdown(
    "Each product line as the exporter reports its exports (**X**) and as the importer reports its imports (**M**), "
    "for the year and direction above, at one HS level: the finest both sides publish. A line one side does not "
    "list counts as none of its trade. Where both sides compare, the lines shown are the fewest whose gaps "
    "|M − X| add up to at least 80 % of the sum over all lines (gaps of opposite sign partly cancel in the total, so "
    "the sum of |gaps| can exceed the gap between the totals). Method: docs/methods.md#products.")
shown, sentence, title = data.product_composition(q, year, arrow)
st.info(sentence)
if not shown.empty:
    st.plotly_chart(figure(product_gap_chart, shown, title), key="product-gap-chart")
    table(shown, hide_index=True, column_config={
        "x_value_usd": st.column_config.NumberColumn("X (USD)", format="localized"),
        "m_value_usd": st.column_config.NumberColumn("M (USD)", format="localized"),
        "gap_usd": st.column_config.NumberColumn("gap M − X (USD)", format="localized"),
        "gap_share": st.column_config.NumberColumn("share of gap", format="percent"),
        "abs_gap_share": st.column_config.NumberColumn("share of Σ|gap|", format="percent"),
        "cumulative_abs_share": st.column_config.NumberColumn("cumulative", format="percent"),
    })
    download_csv(shown, "products", q, label="Download products CSV", detail=composition_name(shown, arrow))

products = data.view("product_lines", q)
if not products.empty:  # NB the section above already says when a pair has no product figures
    st.subheader("Product lines: the evidence for the re-export bar")
    st.markdown(
        "Monthly exports of each product line recorded at product level (UN Comtrade HS4 aggregate rows; never added "
        "to their HS6 detail rows) and their share of the same reporter's all-goods total from its national office, in "
        "the vintage nearest to the product rows' (column `total_vintage`). A line is flagged *re-export suspected* "
        "when the exporter does not produce it (reason in `flag_reason`, rule in `flag_rule`).")
    st.plotly_chart(figure(products_chart, products, f"{pair}: product lines and their share of all goods"),
                    key="products-chart")
    table(products, hide_index=True, column_config={
        "period_start": st.column_config.DateColumn("from", format="YYYY-MM-DD"),
        "period_end": st.column_config.DateColumn("to", format="YYYY-MM-DD"),
        "product_value_usd": st.column_config.NumberColumn("value (USD)", format="localized"),
        "total_value_usd": st.column_config.NumberColumn("all goods (USD)", format="localized"),
        "share_of_total": st.column_config.NumberColumn("share", format="percent"),
        "source_url": st.column_config.LinkColumn("source"),
    })
    download_csv(products, "product_lines", q, label="Download product lines CSV")
