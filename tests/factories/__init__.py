"""Test data, built by factories: only what a test module needs, in states an editor would recognise.

- `site`: the home page, topics, the policy library, drafting departments with their sections, the openness
  office, the releaser, the 三同步 workflow and one user per role (`office()` builds them all);
- `policies`: policy documents, interpretation plans and materials, and bundles in named states (draft, signed,
  released, overridden, withheld/依申请公开 with the openness office's approval), the office's 2018 work plan;
- `events`: the events section, its editors, events in named states (provisional … concluded, cancelled);
- `partners`: press partners;
- `watcher`: upstream sources on the loopback server, routing rules, republications (转载) drafted or released;
- `ledger`: delivery rows as the ledger writes them, made due.

Rows are written through the product's own functions wherever there is one (three_sync's sign and approve,
revision.publish, the ledger's create_deliveries), so a renamed field or model is a one-line change here.
The demo loader (`manage.py load_demo`) keeps its own tests; nothing else builds test data through it.
"""
