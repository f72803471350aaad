# stamp: a309bf90fa16d71c9ef1d14c9a039c8f
# Written by scripts/compile-templates.
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'detailed.md.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('builtin/default.md.j2', 'detailed.md.j2')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    yield from parent_template.root_render_func(context)

def block_header(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_super = context.super('header', block_header)
    _block_vars = {}
    l_0_meta = resolve('meta')
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_2 = environment.filters['map']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'map' found.")
    pass
    yield str(environment.call(context, l_0_super, _block_vars=_block_vars))
    yield '**Tags:** '
    yield str((t_1(context.eval_ctx, t_2(context, environment.getattr((undefined(name='meta') if l_0_meta is missing else l_0_meta), 'tags'), 'md_inline'), ', ') if environment.getattr((undefined(name='meta') if l_0_meta is missing else l_0_meta), 'tags') else '[none]'))
    yield '\n'

def block_timeline(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_timezone = resolve('timezone')
    l_0_timeline = resolve('timeline')
    try:
        t_3 = environment.filters['md_table']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'md_table' found.")
    pass
    yield '\n## Timeline (All times '
    yield str((undefined(name='timezone') if l_0_timezone is missing else l_0_timezone))
    yield ')\n\n'
    if (undefined(name='timeline') if l_0_timeline is missing else l_0_timeline):
        pass
        yield str(t_3(environment, (undefined(name='timeline') if l_0_timeline is missing else l_0_timeline), [('Time', 'time'), ('Event', 'event_cell'), ('Kind', 'kind'), ('Actor', 'actor')]))
        yield '\n'
    else:
        pass
        yield '[What happened when, with exact times.]\n'

def block_metrics(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_metrics = resolve('metrics')
    try:
        t_4 = environment.filters['minutes']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'minutes' found.")
    pass
    yield '\n## Metrics\n\n'
    for l_1_metric in environment.call(context, environment.guard_loop, environment.call(context, environment.getattr((undefined(name='metrics') if l_0_metrics is missing else l_0_metrics), 'values'), _block_vars=_block_vars), _block_vars=_block_vars):
        _loop_vars = {}
        pass
        yield '- '
        yield str(environment.getattr(l_1_metric, 'label'))
        yield ': '
        yield str(t_4(environment.getattr(l_1_metric, 'seconds')))
        yield ' ('
        yield str(environment.getattr(l_1_metric, 'formula'))
        yield ')\n'
    l_1_metric = missing

def block_action_items(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_action_items = resolve('action_items')
    try:
        t_3 = environment.filters['md_table']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'md_table' found.")
    pass
    yield '\n## Action Items\n\n'
    if (undefined(name='action_items') if l_0_action_items is missing else l_0_action_items):
        pass
        yield str(t_3(environment, (undefined(name='action_items') if l_0_action_items is missing else l_0_action_items), [('Action', 'action_cell'), ('Owner', 'owner'), ('Due Date', 'due'), ('Priority', 'priority'), ('Status', 'status'), ('Type', 'type')]))
        yield '\n'
    else:
        pass
        yield '[Concrete follow-up work, each with an owner and a due date.]\n'

def block_review(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_draft = resolve('draft')
    l_0_timezone = resolve('timezone')
    l_0_checklist = resolve('checklist')
    l_0_review = missing
    try:
        t_5 = environment.filters['date']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'date' found.")
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_2 = environment.filters['map']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'map' found.")
    try:
        t_6 = environment.filters['md_inline']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'md_inline' found.")
    try:
        t_7 = environment.filters['when']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'when' found.")
    pass
    l_0_review = environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'review')
    _block_vars['review'] = l_0_review
    yield '\n## Review\n\n'
    if environment.getattr((undefined(name='review') if l_0_review is missing else l_0_review), 'meeting'):
        pass
        yield '- Postmortem meeting: '
        yield str(t_7(environment.getattr((undefined(name='review') if l_0_review is missing else l_0_review), 'meeting'), (undefined(name='timezone') if l_0_timezone is missing else l_0_timezone)))
        yield str((' (held)' if environment.getattr((undefined(name='review') if l_0_review is missing else l_0_review), 'meeting_held') else ' (not held yet)'))
        yield '\n'
    else:
        pass
        yield '- Postmortem meeting: '
        yield str(('held' if environment.getattr((undefined(name='review') if l_0_review is missing else l_0_review), 'meeting_held') else '[not scheduled]'))
        yield '\n'
    yield '- Shared with: '
    yield str((t_1(context.eval_ctx, t_2(context, environment.getattr((undefined(name='review') if l_0_review is missing else l_0_review), 'shared_with'), 'md_inline'), ', ') if environment.getattr((undefined(name='review') if l_0_review is missing else l_0_review), 'shared_with') else '[not shared yet]'))
    yield '\n- Follow-up review: '
    yield str((t_5(environment.getattr((undefined(name='review') if l_0_review is missing else l_0_review), 'follow_up')) if environment.getattr((undefined(name='review') if l_0_review is missing else l_0_review), 'follow_up') else '[not scheduled]'))
    yield '\n\n### Checklist\n\n'
    for l_1_item in environment.call(context, environment.guard_loop, (undefined(name='checklist') if l_0_checklist is missing else l_0_checklist), _block_vars=_block_vars):
        _loop_vars = {}
        pass
        yield '- ['
        yield str(('x' if environment.getattr(l_1_item, 'ok') else ' '))
        yield '] '
        yield str(t_6(environment.getattr(l_1_item, 'label')))
        yield ': '
        yield str(t_6(environment.getattr(l_1_item, 'detail')))
        yield '\n'
    l_1_item = missing

blocks = {'header': block_header, 'timeline': block_timeline, 'metrics': block_metrics, 'action_items': block_action_items, 'review': block_review}
debug_info = '6=12&7=17&8=39&9=41&11=44&13=61&15=63&16=65&21=71&25=87&26=91&29=99&33=115&34=117&39=123&40=165&44=168&45=171&47=177&49=180&50=182&54=184&55=188'