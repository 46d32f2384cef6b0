import json, unicodedata, sys, os
os.chdir(os.path.dirname(os.path.abspath(__file__)))
LABELS={
'role':{'decision-maker':18,'influencer':16,'user':14,'student':10,'other':14,'?':8},
'sector':{'software':10,'retail':9,'industry':10,'finance':9,'health':9,'public':8,'education':7,'services':9,'other':5,'?':4},
'project':{'crm':7,'website':7,'marketing-automation':7,'chatbot':6,'mobile-app':6,'analytics':6,'integration':6,'consulting':5,'training':5,'support':5,'custom-software':6,'ecommerce':5,'none':5,'?':4},
'motivation':{'replace':11,'growth':10,'cost':9,'problem':12,'compliance':9,'new-project':9,'curious':8,'other':7,'?':5},
}
def norm(s):
    s=unicodedata.normalize('NFKD',s.strip().lower())
    return ''.join(c for c in s if not unicodedata.combining(c))
err=[]; table={}
for slot,lab in LABELS.items():
    assert sum(lab.values())==80
    halves={}
    for h in ('tune','holdout'):
        rows=[]
        with open(f'{slot}.{h}.jsonl','rb') as f: raw=f.read()
        txt=raw.decode('utf-8')
        for ln,line in enumerate(txt.split('\n')[:-1] if txt.endswith('\n') else txt.split('\n'),1):
            try: o=json.loads(line)
            except Exception as e: err.append(f'{slot}.{h}:{ln} parse {e}'); continue
            if list(o.keys())!=['locale','text','expected']: err.append(f'{slot}.{h}:{ln} keys {list(o)}')
            if o['locale'] not in ('fr','en'): err.append(f'{slot}.{h}:{ln} locale')
            if o['expected'] not in lab: err.append(f'{slot}.{h}:{ln} label {o["expected"]}')
            if not o['text'].strip(): err.append(f'{slot}.{h}:{ln} empty')
            rows.append(o)
        # ordering: fr then en, grouped by label
        seen=[]; 
        for o in rows:
            k=(o['locale'],o['expected'])
            if not seen or seen[-1]!=k:
                if k in seen: err.append(f'{slot}.{h} group {k} not contiguous')
                seen.append(k)
        locs=[k[0] for k in seen]
        if locs!=sorted(locs,key=lambda l:0 if l=='fr' else 1): err.append(f'{slot}.{h} fr/en order')
        halves[h]=rows
    # duplicates within slot and across halves
    allrows=halves['tune']+halves['holdout']
    ns={}
    for o in allrows:
        n=norm(o['text'])
        if n in ns: err.append(f'{slot} duplicate: {o["text"]!r} / {ns[n]!r}')
        ns[n]=o['text']
    t=set(norm(o['text']) for o in halves['tune']); hh=set(norm(o['text']) for o in halves['holdout'])
    if t&hh: err.append(f'{slot} overlap {t&hh}')
    # counts + split parity
    order=[]
    for o in halves['tune']+halves['holdout']:
        k=(o['locale'],o['expected'])
        if k not in order: order.append(k)
    tune_order=[]
    for o in halves['tune']:
        k=(o['locale'],o['expected'])
        if k not in tune_order: tune_order.append(k)
    groups=[(loc,l) for loc in ('fr','en') for l in lab]  # expected label order = writing order
    if tune_order!=groups: err.append(f'{slot} group order in tune differs from label-list order')
    odd=0; table[slot]=[]
    for loc,l in groups:
        ct=sum(1 for o in halves['tune'] if (o['locale'],o['expected'])==(loc,l))
        ch=sum(1 for o in halves['holdout'] if (o['locale'],o['expected'])==(loc,l))
        n=lab[l]
        if ct+ch!=n: err.append(f'{slot} {loc} {l} count {ct+ch}!={n}')
        if n%2==0: exp=(n//2,n//2)
        else:
            exp=((n+1)//2,n//2) if odd%2==0 else (n//2,(n+1)//2); odd+=1
        if (ct,ch)!=exp: err.append(f'{slot} {loc} {l} split {(ct,ch)} expected {exp}')
        table[slot].append((loc,l,ct,ch))
if err:
    print('\n'.join(err)); sys.exit(1)
for slot,rows in table.items():
    print(f'## {slot}')
    labs=list(LABELS[slot])
    print('label | fr tune | fr holdout | en tune | en holdout | total')
    tot=[0]*5
    for l in labs:
        fr=[r for r in rows if r[0]=='fr' and r[1]==l][0]; en=[r for r in rows if r[0]=='en' and r[1]==l][0]
        v=[fr[2],fr[3],en[2],en[3]]; s=sum(v)
        for i,x in enumerate(v+[s]): tot[i]+=x
        print(f'{l} | '+' | '.join(map(str,v))+f' | {s}')
    print('total | '+' | '.join(map(str,tot)))
print('ALL CHECKS PASSED')
