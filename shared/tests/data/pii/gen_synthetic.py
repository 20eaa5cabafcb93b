"""Generates synthetic_required.jsonl (random valid cards, IBANs, Steuer-IDs,
phones, IPs and emails in German/English templates) and synthetic_lookalikes.jsonl
(order numbers, EANs, prices, times, versions ... that must stay).
Run from this directory: python3 gen_synthetic.py (seeded, reproducible)."""
import random, json, ipaddress
random.seed(42)
def luhn_complete(prefix, length):
    d=[int(c) for c in prefix]
    while len(d)<length-1: d.append(random.randint(0,9))
    for c in range(10):
        s=d+[c]; t=0
        for i,x in enumerate(reversed(s)):
            if i%2: x*=2; x-= 9 if x>9 else 0
            t+=x
        if t%10==0: return ''.join(map(str,s))
cards=[('4',16),('4',13),('51',16),('55',16),('2221',16),('2720',16),('2400',16),('34',15),('37',15),('6011',16),('65',16),('3528',16),('3589',16),('36',14),('38',14),('6759',16),('62',16),('5018',16)]
def card():
    p,l=random.choice(cards); n=luhn_complete(p,l)
    f=random.choice(['plain','space4','dash4'])
    if f=='plain' or l!=16: 
        if l==15 and random.random()<.5: return n[:4]+' '+n[4:10]+' '+n[10:]
        return n
    sep=' ' if f=='space4' else '-'
    return sep.join(n[i:i+4] for i in range(0,16,4))
L={"DE":22,"AT":20,"CH":21,"FR":27,"IT":27,"ES":24,"NL":18,"BE":16,"PL":28,"GB":22,"LU":20,"IE":22,"DK":18,"SE":24,"FI":18,"PT":25,"CZ":24,"SK":24,"HU":28,"SI":19,"HR":21,"LI":21,"NO":15,"GR":27,"RO":24,"BG":22,"EE":20,"LV":21,"LT":20,"MT":31,"CY":28,"IS":26,"MC":27,"SM":27}
def iban():
    cc=random.choice(list(L)); n=L[cc]
    if cc in ("GB","NL","IE","BG","RO","MT","LV"): bban=''.join(random.choice('ABCDEFGHIJKLMNOPQRSTUVWXYZ') for _ in range(4))+''.join(str(random.randint(0,9)) for _ in range(n-8))
    else: bban=''.join(str(random.randint(0,9)) for _ in range(n-4))
    num=int(''.join(str(int(c,36)) for c in bban+cc+'00')); ck=98-num%97
    s=cc+'%02d'%ck+bban
    if random.random()<.5: s=' '.join(s[i:i+4] for i in range(0,len(s),4))
    return s
def mod11_10(d):
    p=10
    for x in d:
        s=(x+p)%10
        if s==0: s=10
        p=(s*2)%11
    c=11-p
    return 0 if c==10 else c
def taxid():
    while True:
        digits=random.sample(range(10),9)
        if digits[0]==0: continue
        dup=random.choice(digits)
        d=digits[:]; d.insert(random.randint(1,9),dup)
        d=d[:10]
        from collections import Counter
        c=Counter(d)
        if sorted(c.values())[-1]!=2 or d[0]==0: continue
        s=''.join(map(str,d))+str(mod11_10(d))
        if random.random()<.3: s=s[:2]+' '+s[2:5]+' '+s[5:8]+' '+s[8:]
        return s
def phone():
    f=random.randint(0,11)
    r=lambda n: ''.join(str(random.randint(0,9)) for _ in range(n))
    return [lambda:'+49 '+str(random.choice([151,160,170,171,172,176,30,40,89,221]))+' '+r(7),
            lambda:'0'+str(random.choice([151,160,170,176,30,40,89,221,211]))+' '+r(7),
            lambda:'0'+str(random.choice([151,176]))+'/'+r(8),
            lambda:'+43 '+str(random.choice([664,676,1]))+' '+r(7),
            lambda:'+41 '+str(random.choice([79,44,31]))+' '+r(3)+' '+r(2)+' '+r(2),
            lambda:'0'+str(random.choice([79,44]))+' '+r(3)+' '+r(2)+' '+r(2),
            lambda:'('+str(random.randint(201,989))+') '+r(3)+'-'+r(4),
            lambda:str(random.randint(201,989))+'-'+r(3)+'-'+r(4),
            lambda:'+1 '+str(random.randint(201,989))+' '+r(3)+' '+r(4),
            lambda:'+44 20 '+r(4)+' '+r(4),
            lambda:'07'+r(3)+' '+r(6),
            lambda:'+49'+str(random.choice([151,176,30]))+r(8)][f]()
def ip():
    if random.random()<.7: return '.'.join(str(random.randint(1,254)) for _ in range(4))
    a=ipaddress.IPv6Address(random.getrandbits(128)); return a.compressed if random.random()<.5 else a.exploded
def email():
    u=random.choice(['anna','max.mustermann','j.doe','kunde2024','t_meyer','lisa-marie','support+test'])
    d=random.choice(['gmx.de','web.de','example.com','t-online.de','firma.co.uk','uni-koeln.de','outlook.com'])
    return u+'@'+d
T={'EMAIL':email,'PHONE':phone,'IBAN':iban,'CREDIT_CARD':card,'DE_TAX_ID':taxid,'IP_ADDRESS':ip}
tpl={'EMAIL':['Meine Mail ist {}.','Please reply to {} asap','Kontakt: {}','email me at {}, thanks'],
 'PHONE':['Rufen Sie mich an: {}','my number is {} - call after 5','Erreichbar unter {} oder per Mail.','Tel. {}','Can you call {}?','Neue Nummer {}'],
 'IBAN':['Bitte auf {} überweisen.','My IBAN is {}','IBAN: {}','Refund to {} please','Konto {} (Sparkasse)'],
 'CREDIT_CARD':['Meine Karte {} wurde belastet.','card {} expired','Charge {} instead','Kreditkarte: {}, gültig bis 12/27','I paid with {} yesterday'],
 'DE_TAX_ID':['Meine Steuer-ID ist {}.','Tax ID {} for the invoice','Identifikationsnummer {}','My German tax number {} - needed?','ID {} bitte eintragen'],
 'IP_ADDRESS':['Login from {} failed','Meine IP: {}','blocked {} since Monday','Server {} antwortet nicht','IP address {}.']}
out=[]
for k in T:
    for _ in range(150):
        v=T[k](); t=random.choice(tpl[k]); i=t.index('{}')
        text=t.replace('{}',v)
        out.append(json.dumps({'text':text,'spans':[{'type':k,'start':len(t[:i]),'end':len(t[:i])+len(v)}]},ensure_ascii=False))
open("synthetic_required.jsonl", "w").write('\n'.join(out)+'\n')

import random, json  # noqa: E401
random.seed(7)
r=lambda n: ''.join(str(random.randint(0,9)) for _ in range(n))
def ean():
    d=[4,0]+[random.randint(0,9) for _ in range(10)]
    t=sum(x*(1 if i%2==0 else 3) for i,x in enumerate(d)); return ''.join(map(str,d))+str((10-t%10)%10)
gens=[lambda:'Bestellung '+r(4)+'-'+r(4)+'-'+r(2), lambda:'Rechnung INV-'+r(4)+'-'+r(5), lambda:'Bestellnummer '+r(8),
 lambda:'order #'+r(6), lambda:'EAN '+ean(), lambda:'Artikel '+ean(), lambda:'€ '+str(random.randint(1,9))+'.'+r(3)+','+r(2),
 lambda:'$'+r(2)+'.'+r(2), lambda:'um '+str(random.randint(0,23))+':'+r(2)+' Uhr', lambda:'version '+'.'.join(str(random.randint(0,20)) for _ in range(3)),
 lambda:'v'+'.'.join(str(random.randint(0,20)) for _ in range(4)), lambda:'Firmware '+'.'.join(str(random.randint(0,255)) for _ in range(4)),
 lambda:str(random.randint(1,99))+'% Rabatt', lambda:'Kundennummer '+r(9), lambda:'tracking 1Z'+r(3)+'AA'+r(11), lambda:'Sendung JJD'+r(16),
 lambda:'Ticket #'+r(5), lambda:'Seriennummer SN-'+r(4)+'XYZ', lambda:'Lieferung in '+str(random.randint(2,9))+' Tagen',
 lambda:'Betrag '+r(3)+','+r(2)+' EUR', lambda:'Vertragsnummer '+r(10), lambda:'Fehlercode 0x'+r(8), lambda:'Raum '+str(random.randint(1,9))+'.'+r(2),
 lambda:'ISBN 978-'+r(1)+'-'+r(3)+'-'+r(5)+'-'+r(1), lambda:'Paket '+str(random.randint(1,5))+' von '+str(random.randint(5,9)),
 lambda:'Aktenzeichen '+r(3)+'/'+r(2), lambda:'PLZ '+r(5), lambda:'Kontonummer '+r(10), lambda:'Bestellung vom '+str(random.randint(1,28))+'.'+str(random.randint(1,12))+'.']
out=[]
for _ in range(1000):
    parts=[random.choice(gens)() for _ in range(random.randint(1,3))]
    out.append(json.dumps({'text':', '.join(parts)+'.','spans':[]},ensure_ascii=False))
open("synthetic_lookalikes.jsonl", "w").write('\n'.join(out)+'\n')
